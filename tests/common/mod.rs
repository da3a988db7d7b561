//! Fixture sites in temporary folders, built in-process or through the
//! `yomu` binary, and helpers to read the HTML they produce.
#![allow(dead_code)] // each test binary uses its own subset

pub mod browser;
pub mod http;
pub mod renderers;
pub mod search_fixture;
pub mod static_server;

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;
use yomu::build::{build_site, BuildOptions, BuildResult};

pub const TWO_LANGUAGES: &str = "\
title: Fixture
base_url: https://docs.example.org/
default_language: ja-JP
languages:
  - code: ja-JP
    name: 日本語
    path: ja
  - code: en-US
    name: English
    path: en
";

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A two-language site (ja-JP source at /ja/, en-US at /en/).
    pub fn new() -> Fixture {
        Fixture::with_config(TWO_LANGUAGES)
    }

    pub fn with_config(config: &str) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixture = Fixture { dir };
        fixture.write("site.yaml", config);
        std::fs::create_dir_all(fixture.path("content/ja-JP")).expect("content dir");
        std::fs::create_dir_all(fixture.path("content/en-US")).expect("content dir");
        fixture
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Fixture {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Fixture {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent dir");
        }
        std::fs::write(path, bytes).expect("write fixture file");
        self
    }

    pub fn build(&self) -> BuildResult {
        build_site(self.root(), &BuildOptions::default())
    }

    /// Builds and fails the test on any error diagnostic.
    pub fn build_clean(&self) -> Built {
        let result = self.build();
        let errors: Vec<String> = result
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(
            errors.is_empty(),
            "unexpected errors:\n{}",
            errors.join("\n")
        );
        Built {
            output: result.output.expect("output"),
            diagnostics: result.diagnostics,
        }
    }

    /// Runs the `yomu` binary in the site folder.
    pub fn run(&self, args: &[&str]) -> RunResult {
        run_yomu(self.root(), args)
    }
}

pub struct Built {
    pub output: yomu::output::Output,
    pub diagnostics: Vec<yomu::diagnostics::Diagnostic>,
}

impl Built {
    pub fn html(&self, path: &str) -> Page {
        let bytes = self
            .output
            .get(path)
            .unwrap_or_else(|| panic!("no output file {path}; have: {:?}", self.paths()));
        Page(Html::parse_document(&String::from_utf8_lossy(&bytes)))
    }

    pub fn has(&self, path: &str) -> bool {
        self.output.files.contains_key(path)
    }

    pub fn paths(&self) -> Vec<&String> {
        self.output.files.keys().collect()
    }
}

/// Runs the `yomu` binary in `dir`.
pub fn run_yomu(dir: &Path, args: &[&str]) -> RunResult {
    let out = Command::new(env!("CARGO_BIN_EXE_yomu"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run yomu");
    RunResult {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub struct RunResult {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A parsed output page.
pub struct Page(pub Html);

impl Page {
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("selector");
        self.0
            .select(&selector)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("selector");
        self.0
            .select(&selector)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        let selector = Selector::parse(selector).expect("selector");
        self.0.select(&selector).count()
    }
}
