//! The files of one language's index, under `search/<code>/`:
//!
//! - `meta.json` (the one name that never changes; pages point at it):
//!   the folder that holds the other files, the section count, sections
//!   per page, the suffix rules, the first token of every token shard and
//!   the first section of every section chunk;
//! - `<hash>/t<n>.json`: a range of tokens in sorted order (so a prefix is
//!   one or two files), each with its postings ([`super::index::Postings`]);
//!   a token with very many postings is split over shards that each
//!   start with it;
//! - `<hash>/d<n>.json`: consecutive sections for the result list and
//!   its excerpts, by page: `[url, title, notice, [heading, anchor, text],
//!   …]`.
//!
//! The folder is named by a hash of the files' content, so hosts may cache
//! them for ever; a new build writes a new name. Numbered files in it keep
//! `meta.json`, which every first query loads, small.

use super::index::{IndexedSection, LanguageIndex, PageEntry, Postings};
use super::packed;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const META_FILE: &str = "meta.json";
/// The format of the files, in `meta.json`; `search.js` reads only its own
/// (its `INDEX_VERSION`), so a page cached from an older deploy says
/// "reload" instead of misreading a newer index.
const INDEX_VERSION: u32 = 3;
/// Target size of a token shard: a query loads one per query token.
const TOKEN_SHARD_BYTES: usize = 6 * 1024;
/// Target size of a section chunk: the result list loads one per result.
const SECTION_CHUNK_BYTES: usize = 3 * 1024;

/// Files by path (relative to the output folder, or to the hashed folder
/// while it has no name) and content.
type Files = Vec<(String, Vec<u8>)>;

/// Where a language's index lives, relative to the output folder.
pub fn index_url(code: &str) -> String {
    format!("search/{code}/")
}

/// The files (path relative to the output folder, bytes) of `index`,
/// which is used up as they are made: the files take the memory it had.
pub fn write_language(code: &str, index: LanguageIndex) -> Files {
    let LanguageIndex {
        pages,
        sections,
        postings,
        rules,
    } = index;
    let section_count = sections.len();
    // The two halves are independent: made side by side.
    let ((token_files, first_tokens), (section_files, chunk_starts, per_page)) = rayon::join(
        || token_shards(postings),
        || section_chunks(&pages, sections),
    );
    // Named within the hashed folder until its hash is known.
    let files: Files = token_files.into_iter().chain(section_files).collect();
    let mut pages = String::new();
    for n in per_page {
        packed::push(&mut pages, n);
    }
    let mut hasher = Sha256::new();
    for (name, bytes) in &files {
        hasher.update(name.as_bytes());
        hasher.update(bytes);
    }
    let hash: String = hasher.finalize()[..5]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let dir = index_url(code);
    let meta = json!({
        "version": INDEX_VERSION,
        "files": format!("{hash}/"),
        "sections": section_count,
        "pages": pages,
        "rules": rules,
        "tokens": first_tokens,
        "chunks": chunk_starts,
    });
    let mut out: Files = files
        .into_iter()
        .map(|(name, bytes)| (format!("{dir}{hash}/{name}"), bytes))
        .collect();
    out.push((format!("{dir}{META_FILE}"), meta.to_string().into_bytes()));
    out
}

/// The token shards `t<n>.json`, with the first token of each.
fn token_shards(postings: Vec<(String, Postings)>) -> (Files, Vec<String>) {
    let mut files: Files = Vec::new();
    let mut first_tokens: Vec<String> = Vec::new();
    let mut shard = String::new();
    let flush = |shard: &mut String, files: &mut Files| {
        let name = format!("t{}.json", files.len());
        files.push((name, format!("{{{shard}}}").into_bytes()));
        shard.clear();
    };
    for (token, pieces) in postings {
        let key = serde_json::to_string(&token).unwrap_or_default();
        // A token in pieces starts a shard with each, so that every shard
        // holding it starts with it.
        let alone = pieces.len() > 1;
        for piece in &pieces {
            let entry = format!("{key}:\"{piece}\"");
            if !shard.is_empty() && (alone || shard.len() + entry.len() > TOKEN_SHARD_BYTES) {
                flush(&mut shard, &mut files);
            }
            if shard.is_empty() {
                first_tokens.push(token.clone());
            } else {
                shard.push(',');
            }
            shard.push_str(&entry);
        }
    }
    if !shard.is_empty() {
        flush(&mut shard, &mut files);
    }
    (files, first_tokens)
}

/// The section chunks `d<n>.json`, with the first section of each (packed
/// deltas) and the number of sections of each page.
fn section_chunks(pages: &[PageEntry], sections: Vec<IndexedSection>) -> (Files, String, Vec<u32>) {
    let mut files: Files = Vec::new();
    let mut chunk_starts = String::new();
    let mut last_start = 0;
    // The chunk being filled: its page groups, the last one left open.
    let mut chunk = String::new();
    let mut chunks = 0;
    let flush_chunk = |chunk: &mut String, chunks: &mut usize, files: &mut Vec<_>| {
        files.push((
            format!("d{chunks}.json"),
            format!("[{chunk}]]").into_bytes(),
        ));
        *chunks += 1;
        chunk.clear();
    };
    let mut per_page = vec![0u32; pages.len()];
    // The page of the section at hand, with the start of its group.
    let mut page_json: Option<(usize, String)> = None;
    // The page whose group the chunk ends with.
    let mut chunk_page = None;
    for (id, section) in sections.into_iter().enumerate() {
        let page = section.page as usize;
        per_page[page] += 1;
        let record = section_record(&section);
        if page_json.as_ref().is_none_or(|(p, _)| *p != page) {
            page_json = Some((page, page_record(&pages[page])));
        }
        let group = page_json.as_ref().map_or("", |(_, json)| json.as_str());
        let grows = record.len()
            + if chunk_page == Some(page) {
                0
            } else {
                group.len()
            };
        if !chunk.is_empty() && chunk.len() + grows > SECTION_CHUNK_BYTES {
            flush_chunk(&mut chunk, &mut chunks, &mut files);
            chunk_page = None;
        }
        if chunk.is_empty() {
            packed::push(&mut chunk_starts, id as u32 - last_start);
            last_start = id as u32;
        }
        if chunk_page != Some(page) {
            if !chunk.is_empty() {
                chunk.push_str("],");
            }
            chunk.push_str(group);
            chunk_page = Some(page);
        }
        chunk.push(',');
        chunk.push_str(&record);
    }
    if !chunk.is_empty() {
        flush_chunk(&mut chunk, &mut chunks, &mut files);
    }
    (files, chunk_starts, per_page)
}

/// `[url, title, notice` as JSON: the start of a page's group in a chunk,
/// which its sections' records follow.
fn page_record(page: &PageEntry) -> String {
    let record = serde_json::to_string(&(&page.url, &page.title, &page.notice)).unwrap_or_default();
    record.strip_suffix(']').unwrap_or(&record).to_string()
}

/// `[heading, anchor, text]` as JSON.
fn section_record(section: &IndexedSection) -> String {
    let fields = [&section.heading, &section.anchor, &section.text];
    let mut record = String::with_capacity(fields.iter().map(|f| f.len() + 3).sum::<usize>() + 2);
    record.push('[');
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            record.push(',');
        }
        push_json_string(&mut record, field);
    }
    record.push(']');
    record
}

/// `text` as a JSON string. Nearly all text needs no escaping, which one
/// pass over its bytes (without an early exit, so it runs on whole words
/// at a time) tells; the rest goes through serde_json.
fn push_json_string(out: &mut String, text: &str) {
    let needs_escape = text.bytes().fold(false, |found, b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if needs_escape {
        out.push_str(&serde_json::to_string(text).unwrap_or_default());
    } else {
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

/// Reads a language's index back from its files (`read` gives a file's
/// bytes by its path under the output folder); what tests query.
pub fn read_language(code: &str, read: impl Fn(&str) -> Option<Vec<u8>>) -> Option<LanguageIndex> {
    let dir = index_url(code);
    let parse = |name: &str| -> Option<Value> {
        serde_json::from_slice(&read(&format!("{dir}{name}"))?).ok()
    };
    let meta = parse(META_FILE)?;
    let files = meta["files"].as_str()?;
    let mut index = LanguageIndex::default();
    for rule in meta["rules"].as_array()? {
        index
            .rules
            .push((rule[0].as_str()?.to_string(), rule[1].as_str()?.to_string()));
    }
    let mut postings: BTreeMap<String, Postings> = BTreeMap::new();
    for n in 0..meta["tokens"].as_array()?.len() {
        for (token, encoded) in parse(&format!("{files}t{n}.json"))?.as_object()? {
            let piece = encoded.as_str()?;
            packed::decode(piece)?;
            postings
                .entry(token.clone())
                .or_default()
                .push(piece.to_string());
        }
    }
    index.postings = postings.into_iter().collect();
    let chunks = packed::decode(meta["chunks"].as_str()?)?.len();
    for n in 0..chunks {
        for group in parse(&format!("{files}d{n}.json"))?.as_array()? {
            let group = group.as_array()?;
            let url = group.first()?.as_str()?.to_string();
            // A page whose sections span two chunks starts a group in each.
            if index.pages.last().is_none_or(|last| last.url != url) {
                index.pages.push(PageEntry {
                    url,
                    title: group.get(1)?.as_str()?.to_string(),
                    notice: group.get(2)?.as_str().map(str::to_string),
                });
            }
            let page = index.pages.len() as u32 - 1;
            for record in group.get(3..)? {
                index.sections.push(IndexedSection {
                    page,
                    heading: record[0].as_str()?.to_string(),
                    anchor: record[1].as_str()?.to_string(),
                    text: record[2].as_str()?.to_string(),
                });
            }
        }
    }
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_match_serde_json() {
        for text in [
            "",
            "plain",
            "サーバー",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "\u{1}",
            "</script>",
        ] {
            let mut out = String::new();
            push_json_string(&mut out, text);
            assert_eq!(out, serde_json::to_string(text).unwrap());
        }
    }
}
