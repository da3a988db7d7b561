//! The files of one language's index, under `search/<code>/`:
//!
//! - `meta.json` (the one name that never changes; pages point at it):
//!   the section count, sections per page, the suffix rules, and the
//!   first token (section) and name hash of every token shard (section
//!   chunk);
//! - `t.<hash>.json`: a range of tokens in sorted order (so a prefix is
//!   one or two files) with their postings: `[section delta, count,
//!   position deltas…]…`, positions encoded `position * 4 + field`; a
//!   token with very many postings is split over shards that each start
//!   with it;
//! - `d.<hash>.json`: consecutive sections `[url, title, heading, anchor,
//!   text, notice]` for the result list and its excerpts.
//!
//! Shard and chunk names carry a hash of their content, so hosts may cache
//! them for ever; a new build writes new names.

use super::index::{IndexedSection, LanguageIndex, PageEntry};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const META_FILE: &str = "meta.json";
/// Target size of a token shard: a query needs one per query token.
const TOKEN_SHARD_BYTES: usize = 12 * 1024;
/// Largest piece of one token's postings (estimated bytes); a token with
/// more is split over several shards.
const PIECE_BYTES: usize = 24 * 1024;
/// Target size of a section chunk: the result list needs one per result.
const SECTION_CHUNK_BYTES: usize = 3 * 1024;
/// Longest excerpt text kept per section, in characters.
const EXCERPT_CHARS: usize = 600;

/// Where a language's index lives, relative to the output folder.
pub fn index_url(code: &str) -> String {
    format!("search/{code}/")
}

/// The files (path relative to the output folder, bytes) of `index`.
pub fn write_language(code: &str, index: &LanguageIndex) -> Vec<(String, Vec<u8>)> {
    let dir = index_url(code);
    let mut files = Vec::new();
    let mut shards = Vec::new();
    // The shard being filled: the JSON object's entries, written as text.
    let mut shard = String::new();
    let mut first = String::new();
    let mut flush = |shard: &mut String, first: &str, files: &mut Vec<(String, Vec<u8>)>| {
        let bytes = format!("{{{shard}}}").into_bytes();
        shards.push(json!([first, put_bytes(files, &dir, "t", bytes)]));
        shard.clear();
    };
    for (token, postings) in &index.postings {
        for piece in pieces(postings) {
            let mut entry = Value::String(token.clone()).to_string();
            entry.push(':');
            write_postings(&mut entry, piece);
            // A token in pieces starts a shard with each, so that every
            // shard holding it starts with it.
            let alone = piece.len() < postings.len();
            if !shard.is_empty() && (alone || shard.len() + entry.len() > TOKEN_SHARD_BYTES) {
                flush(&mut shard, &first, &mut files);
            }
            if shard.is_empty() {
                first = token.clone();
            } else {
                shard.push(',');
            }
            shard.push_str(&entry);
        }
    }
    if !shard.is_empty() {
        flush(&mut shard, &first, &mut files);
    }
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut chunk_bytes = 0;
    let mut chunk_first = 0;
    for (id, section) in index.sections.iter().enumerate() {
        let record = section_record(section, &index.pages[section.page as usize]);
        let bytes = record.to_string().len();
        if chunk_bytes > 0 && chunk_bytes + bytes > SECTION_CHUNK_BYTES {
            chunks.push(json!([
                chunk_first,
                put(
                    &mut files,
                    &dir,
                    "d",
                    &Value::Array(std::mem::take(&mut chunk))
                )
            ]));
            chunk_bytes = 0;
        }
        if chunk_bytes == 0 {
            chunk_first = id;
        }
        chunk_bytes += bytes;
        chunk.push(record);
    }
    if !chunk.is_empty() {
        chunks.push(json!([
            chunk_first,
            put(&mut files, &dir, "d", &Value::Array(chunk))
        ]));
    }
    let mut per_page = vec![0u32; index.pages.len()];
    for section in &index.sections {
        per_page[section.page as usize] += 1;
    }
    let meta = json!({
        "version": 1,
        "sections": index.sections.len(),
        "pages": per_page,
        "rules": index.rules,
        "tokens": shards,
        "chunks": chunks,
    });
    files.push((format!("{dir}{META_FILE}"), meta.to_string().into_bytes()));
    files
}

/// A token's postings in pieces of whole sections, each small enough for a
/// shard of its own (most tokens: one piece).
fn pieces(postings: &[(u32, Vec<u32>)]) -> Vec<&[(u32, Vec<u32>)]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, (_, positions)) in postings.iter().enumerate() {
        let size = (positions.len() + 2) * 4;
        if bytes > 0 && bytes + size > PIECE_BYTES {
            pieces.push(&postings[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    pieces.push(&postings[start..]);
    pieces
}

/// Appends `[section delta, count, position deltas…]…` as JSON.
fn write_postings(out: &mut String, postings: &[(u32, Vec<u32>)]) {
    use std::fmt::Write;
    out.push('[');
    let mut last_section = 0;
    for (i, (section, positions)) in postings.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(out, "{sep}{},{}", section - last_section, positions.len());
        last_section = *section;
        let mut last = 0;
        for p in positions {
            let _ = write!(out, ",{}", p - last);
            last = *p;
        }
    }
    out.push(']');
}

fn section_record(section: &IndexedSection, page: &PageEntry) -> Value {
    let text: String = section.text.chars().take(EXCERPT_CHARS).collect();
    json!([
        page.url,
        page.title,
        section.heading,
        section.anchor,
        text,
        page.notice
    ])
}

/// Adds `value` as `<dir><kind>.<hash>.json`; returns the hash, all
/// `meta.json` keeps of the name.
fn put(files: &mut Vec<(String, Vec<u8>)>, dir: &str, kind: &str, value: &Value) -> String {
    put_bytes(files, dir, kind, value.to_string().into_bytes())
}

fn put_bytes(files: &mut Vec<(String, Vec<u8>)>, dir: &str, kind: &str, bytes: Vec<u8>) -> String {
    let digest = Sha256::digest(&bytes);
    let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    files.push((format!("{dir}{kind}.{hash}.json"), bytes));
    hash
}

/// Reads a language's index back from its files (`read` gives a file's
/// bytes by its path under the output folder); what tests query.
pub fn read_language(code: &str, read: impl Fn(&str) -> Option<Vec<u8>>) -> Option<LanguageIndex> {
    let dir = index_url(code);
    let parse = |name: &str| -> Option<Value> {
        serde_json::from_slice(&read(&format!("{dir}{name}"))?).ok()
    };
    let meta = parse(META_FILE)?;
    let mut index = LanguageIndex::default();
    for rule in meta["rules"].as_array()? {
        index
            .rules
            .push((rule[0].as_str()?.to_string(), rule[1].as_str()?.to_string()));
    }
    for shard in meta["tokens"].as_array()? {
        for (token, encoded) in parse(&format!("t.{}.json", shard[1].as_str()?))?.as_object()? {
            let piece = decode_postings(encoded.as_array()?)?;
            index
                .postings
                .entry(token.clone())
                .or_default()
                .extend(piece);
        }
    }
    let mut pages: BTreeMap<String, u32> = BTreeMap::new();
    for chunk in meta["chunks"].as_array()? {
        for record in parse(&format!("d.{}.json", chunk[1].as_str()?))?.as_array()? {
            let url = record[0].as_str()?.to_string();
            let next = pages.len() as u32;
            let page = *pages.entry(url.clone()).or_insert_with(|| {
                index.pages.push(PageEntry {
                    url,
                    title: record[1].as_str().unwrap_or_default().to_string(),
                    notice: record[5].as_str().map(str::to_string),
                });
                next
            });
            index.sections.push(IndexedSection {
                page,
                heading: record[2].as_str()?.to_string(),
                anchor: record[3].as_str()?.to_string(),
                text: record[4].as_str()?.to_string(),
            });
        }
    }
    Some(index)
}

fn decode_postings(encoded: &[Value]) -> Option<Vec<(u32, Vec<u32>)>> {
    let numbers: Vec<u32> = encoded
        .iter()
        .map(|v| v.as_u64().map(|n| n as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::new();
    let mut i = 0;
    let mut section = 0;
    while i + 1 < numbers.len() {
        section += numbers[i];
        let count = numbers[i + 1] as usize;
        let deltas = numbers.get(i + 2..i + 2 + count)?;
        let mut last = 0;
        out.push((
            section,
            deltas
                .iter()
                .map(|d| {
                    last += d;
                    last
                })
                .collect(),
        ));
        i += 2 + count;
    }
    Some(out)
}
