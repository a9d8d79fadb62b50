//! Keeps the module graph acyclic, so the layers read one way: generic pieces below features,
//! features below the shell and the wiring. A reference is any `crate::…` path from a file of one
//! top-level module of `app/src` into another, and any `super::…` or `crate::<same module>::…`
//! path between two files of one folder (`mod.rs` is the folder's face, not a member). Comments
//! are ignored; `use` lines, paths in code and macros all count.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The names a path segment list after `prefix` starts with: `a` in `prefix a::b`, and `a`, `c`
/// in `prefix {a::b, c}`.
fn heads_after(code: &str, prefix: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `my_crate::` is not `crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut part = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        heads.push(ident(&part));
                        part.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    part.push(c);
                }
            }
            heads.push(ident(&part));
        } else {
            heads.push(ident(rest));
        }
    }
    heads.retain(|h| !h.is_empty());
    heads
}

fn ident(s: &str) -> String {
    s.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn code_of(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Top-level module of a file under `src`: `images` for `src/images/db.rs` and `src/images.rs`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn file_stem(file: &Path) -> String {
    file.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Edges between the top-level modules of `src`, and between the files of each folder.
fn graphs(src: &Path) -> (Graph, BTreeMap<PathBuf, Graph>) {
    let files = rust_files(src);
    let tops: BTreeSet<String> = files.iter().map(|f| top_module(src, f)).collect();
    let mut top = Graph::new();
    let mut folders: BTreeMap<PathBuf, Graph> = BTreeMap::new();
    for file in &files {
        let code = code_of(file);
        let from = top_module(src, file);
        if from == "lib" || from == "main" {
            continue; // the crate root declares every module
        }
        for head in heads_after(&code, "crate::") {
            if head != from && tops.contains(&head) {
                top.entry(from.clone()).or_default().insert(head);
            }
        }
        let folder = file.parent().unwrap().to_path_buf();
        let me = file_stem(file);
        if folder == src || me == "mod" {
            continue;
        }
        let siblings: BTreeSet<String> = rust_files(&folder)
            .iter()
            .filter(|f| f.parent() == Some(&folder))
            .map(|f| file_stem(f))
            .filter(|s| s != "mod")
            .collect();
        let own_prefix = format!("crate::{}::", folder.strip_prefix(src).unwrap().display());
        let mut heads = heads_after(&code, "super::");
        heads.extend(heads_after(&code, &own_prefix));
        for head in heads {
            if head != me && siblings.contains(&head) {
                let graph = folders.entry(folder.clone()).or_default();
                graph.entry(me.clone()).or_default().insert(head);
            }
        }
    }
    (top, folders)
}

/// Every cycle's members (strongly connected components of more than one node), by Tarjan.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, node: &'a str) {
        let i = w.index.len();
        w.index.insert(node, i);
        w.low.insert(node, i);
        w.stack.push(node);
        for next in w.graph.get(node).into_iter().flatten() {
            if !w.index.contains_key(next.as_str()) {
                visit(w, next);
                let low = w.low[node].min(w.low[next.as_str()]);
                w.low.insert(node, low);
            } else if w.stack.contains(&next.as_str()) {
                let low = w.low[node].min(w.index[next.as_str()]);
                w.low.insert(node, low);
            }
        }
        if w.low[node] == w.index[node] {
            let mut component = Vec::new();
            while let Some(top) = w.stack.pop() {
                component.push(top.to_string());
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                w.out.push(component);
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        out: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node.as_str()) {
            visit(&mut walk, node);
        }
    }
    walk.out
}

fn cycle_report(src: &Path) -> Vec<String> {
    let (top, folders) = graphs(src);
    let mut report: Vec<String> = cycles(&top)
        .into_iter()
        .map(|c| format!("{}: modules {}", src.display(), c.join(" ↔ ")))
        .collect();
    for (folder, graph) in &folders {
        for c in cycles(graph) {
            report.push(format!("{}: files {}", folder.display(), c.join(" ↔ ")));
        }
    }
    report
}

#[test]
fn module_references_form_no_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut report = Vec::new();
    for crate_src in ["app/src", "server/src", "shared/src", "mock/src"] {
        report.extend(cycle_report(&root.join(crate_src)));
    }
    assert!(report.is_empty(), "module cycles:\n{}", report.join("\n"));
}

#[test]
fn references_are_read_from_use_trees_and_paths() {
    let code =
        "use crate::{auth::db, ui::{a, b}};\nlet x = crate::jobs::Queue::new(); my_crate::x;";
    assert_eq!(heads_after(code, "crate::"), ["auth", "ui", "jobs"]);
}
