//! The work budget of one diagram.
//!
//! Some small sources make merman work for minutes: a Gantt task of
//! 99,999,999 days with `excludes weekends` walks every day (211 s), 2,000
//! self-loops take 41 s to lay out. Caps on what drives the work are the
//! defence, checked on merman's own parse of the source before any layout:
//! nodes, edges and self-loops of graph diagrams, and the days a Gantt
//! chart spans. Rendering also gets a deadline ([`TIME_BUDGET`]) as a
//! backstop, through merman's `OperationControl`: merman checks it at
//! checkpoints in its parse and layout loops and gives up there. Nothing
//! stops a loop that has no checkpoint, and a watchdog thread would only
//! move such a loop out of sight while it kept burning CPU, so the caps
//! must keep those loops short.

use super::diagram::DiagramError;
use merman::diagrams::gantt::GanttDiagramRenderModel;
use merman::{Engine, OperationControl, ParseOptions, RenderSemanticModel};
use std::time::Duration;

/// Deadline for drawing one diagram.
pub const TIME_BUDGET: Duration = Duration::from_secs(2);

/// Most nodes in a graph diagram (flowchart, state, class, ER).
pub const MAX_NODES: usize = 1_000;
/// Most edges in a graph diagram.
pub const MAX_EDGES: usize = 800;
/// Most edges from a node to itself: each is laid out as a loop of its
/// own, far costlier than an ordinary edge.
pub const MAX_SELF_LOOPS: usize = 100;
/// Most days from the start of a Gantt chart's first task to the end of
/// its last (about 100 years).
pub const MAX_GANTT_DAYS: i64 = 36_525;

const MS_PER_DAY: i64 = 86_400_000;

/// The counts that drive layout time.
#[derive(Debug, Default, PartialEq, Eq)]
struct Size {
    nodes: usize,
    edges: usize,
    self_loops: usize,
    gantt_days: i64,
}

/// Checks `source` against the caps, with merman's parser; Ok when it is
/// within them or does not parse (the render then reports why).
pub fn check(engine: &Engine, source: &str) -> Result<(), DiagramError> {
    let size = measure(engine, source);
    let over = |what: &str, value: usize, max: usize| {
        Err(DiagramError::new(format!(
            "it has {value} {what}, more than the {max} a diagram may have, so it is not drawn"
        )))
    };
    if size.self_loops > MAX_SELF_LOOPS {
        return over(
            "self-loops (edges from a node to itself)",
            size.self_loops,
            MAX_SELF_LOOPS,
        );
    }
    if size.nodes > MAX_NODES {
        return over("nodes", size.nodes, MAX_NODES);
    }
    if size.edges > MAX_EDGES {
        return over("edges", size.edges, MAX_EDGES);
    }
    if size.gantt_days > MAX_GANTT_DAYS {
        return Err(DiagramError::new(format!(
            "the Gantt chart spans {} days, more than the {MAX_GANTT_DAYS} (about 100 years) a chart may span, so it is not drawn",
            size.gantt_days
        )));
    }
    Ok(())
}

/// The message for a render stopped at the deadline.
pub fn over_time() -> DiagramError {
    DiagramError::new(format!(
        "drawing it took longer than {} s, so it was stopped",
        TIME_BUDGET.as_secs_f64()
    ))
}

fn measure(engine: &Engine, source: &str) -> Size {
    // Gantt's `excludes` makes the parser walk every day of every task,
    // with no checkpoint: parse without it. Excluded days only lengthen
    // tasks, so the span measured is at most the real one.
    let without_excludes = strip_excludes(source);
    let parse = |text: &str| {
        // The deadline bounds the parse itself where merman checks it.
        let control = OperationControl::new().with_deadline(TIME_BUDGET);
        engine
            .parse_diagram_for_render_model_controlled_sync(text, ParseOptions::strict(), &control)
            .ok()?
            .ok()?
    };
    let parsed = match &without_excludes {
        Some(text) => match parse(text) {
            Some(p) if matches!(p.model(), RenderSemanticModel::Gantt(_)) => Some(p),
            // Not a Gantt chart: the line meant something else.
            _ => parse(source),
        },
        None => parse(source),
    };
    parsed.map_or_else(Size::default, |p| size_of(p.model()))
}

fn size_of(model: &RenderSemanticModel) -> Size {
    let graph = |nodes: usize, ends: &mut dyn Iterator<Item = (&str, &str)>| {
        let mut size = Size {
            nodes,
            ..Size::default()
        };
        for (from, to) in ends {
            size.edges += 1;
            size.self_loops += usize::from(from == to);
        }
        size
    };
    match model {
        RenderSemanticModel::Flowchart(m) => graph(
            m.nodes.len() + m.subgraphs.len(),
            &mut m.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())),
        ),
        RenderSemanticModel::State(m) => graph(
            m.nodes.len(),
            &mut m.edges.iter().map(|e| (e.start.as_str(), e.end.as_str())),
        ),
        RenderSemanticModel::Class(m) => graph(
            m.classes.len() + m.notes.len() + m.interfaces.len(),
            &mut m.relations.iter().map(|r| (r.id1.as_str(), r.id2.as_str())),
        ),
        RenderSemanticModel::Er(m) => graph(
            m.entities.len(),
            &mut m
                .relationships
                .iter()
                .map(|r| (r.entity_a.as_str(), r.entity_b.as_str())),
        ),
        RenderSemanticModel::Gantt(m) => Size {
            gantt_days: gantt_days(m),
            ..Size::default()
        },
        _ => Size::default(),
    }
}

/// Days from the earliest task start to the latest task end.
fn gantt_days(model: &GanttDiagramRenderModel) -> i64 {
    let start = model.tasks.iter().map(|t| t.start_ms).min();
    let end = model
        .tasks
        .iter()
        .map(|t| t.end_ms.max(t.render_end_ms.unwrap_or(i64::MIN)))
        .max();
    match (start, end) {
        (Some(start), Some(end)) => end.saturating_sub(start) / MS_PER_DAY,
        _ => 0,
    }
}

/// `source` with its `excludes` lines blanked (so line numbers stay), or
/// None when it has none.
fn strip_excludes(source: &str) -> Option<String> {
    let is_excludes = |line: &str| {
        let line = line.trim_start();
        line.get(..8)
            .is_some_and(|w| w.eq_ignore_ascii_case("excludes"))
    };
    source.lines().any(is_excludes).then(|| {
        source
            .split_inclusive('\n')
            .map(|line| if is_excludes(line) { "\n" } else { line })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::new()
    }

    #[test]
    fn counts_nodes_edges_and_self_loops() {
        let size = measure(&engine(), "flowchart TD\n  a --> b\n  b --> b\n  c\n");
        assert_eq!(
            size,
            Size {
                nodes: 3,
                edges: 2,
                self_loops: 1,
                gantt_days: 0
            }
        );
    }

    #[test]
    fn measures_a_gantt_span_without_walking_excluded_days() {
        let source =
            "gantt\n  dateFormat YYYY-MM-DD\n  excludes weekends\n  T :t1, 2024-01-01, 99999999d\n";
        let started = std::time::Instant::now();
        let error = check(&engine(), source).expect_err("over the cap");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(
            error.message.contains("spans 99999999 days"),
            "{}",
            error.message
        );
        let small =
            "gantt\n  dateFormat YYYY-MM-DD\n  excludes weekends\n  T :t1, 2024-01-01, 30d\n";
        assert_eq!(measure(&engine(), small).gantt_days, 30);
    }

    #[test]
    fn blanks_only_excludes_lines() {
        assert_eq!(strip_excludes("gantt\nT :a, 1d\n"), None);
        assert_eq!(
            strip_excludes("gantt\n  Excludes weekends\nT :a, 1d").as_deref(),
            Some("gantt\n\nT :a, 1d")
        );
    }
}
