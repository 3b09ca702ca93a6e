//! Locating by the structure the pre-scan reports: maps, lists, keys and where each node
//! starts, followed down the tree of wanted paths.

use std::collections::HashMap;

use super::Trie;
use crate::load::prescan::{self, NodeKind, Sink};

/// What following the structure found.
pub(super) struct Tracked {
    /// The byte offset of each request, by request.
    pub(super) offsets: Vec<Option<usize>>,
    /// No alias or merge key was met: a path not found is not in the document.
    pub(super) complete: bool,
}

/// Follows the structure of `text`; `None` if the scan refused the text or met something it
/// cannot follow (a key that is itself a map, list or alias).
pub(super) fn track(text: &str, trie: &Trie) -> Option<Tracked> {
    let requests = trie.nodes.iter().map(|n| n.value.len() + n.key.len()).sum();
    let mut tracker = Tracker {
        trie,
        frames: Vec::new(),
        root_seen: false,
        offsets: vec![None; requests],
        lost: false,
        indirect: false,
    };
    if !prescan::yaml_structure(text, &mut tracker) || tracker.lost {
        return None;
    }
    Some(Tracked {
        offsets: tracker.offsets,
        complete: !tracker.indirect,
    })
}

/// An open map or list, and the trie node it stands for.
struct Frame {
    node: Option<usize>,
    seq: bool,
    /// The next item's index, in a list.
    index: usize,
    /// In a map, the key read whose value has not come yet: (its trie node, its offset).
    pending: Option<(Option<usize>, usize)>,
    /// Occurrences so far of each key with a trie node, by node.
    seen: HashMap<usize, usize>,
}

struct Tracker<'t> {
    trie: &'t Trie,
    frames: Vec<Frame>,
    root_seen: bool,
    offsets: Vec<Option<usize>>,
    lost: bool,
    /// An alias or a merge key was met: some values are elsewhere than their path says.
    indirect: bool,
}

impl Tracker<'_> {
    /// Answers the value requests of `node` with `at`, unless already answered.
    fn value_at(&mut self, node: Option<usize>, at: usize) {
        let Some(node) = node.and_then(|n| self.trie.nodes.get(n)) else {
            return;
        };
        for &r in &node.value {
            if let Some(slot) = self.offsets.get_mut(r) {
                slot.get_or_insert(at);
            }
        }
    }

    /// A key whose value never came (an empty value) holds the value's place.
    fn settle_pending(&mut self) {
        if let Some((node, at)) = self.frames.last_mut().and_then(|f| f.pending.take()) {
            self.value_at(node, at);
        }
    }
}

impl Sink for Tracker<'_> {
    fn node(&mut self, at: usize, kind: NodeKind) {
        let target = match self.frames.last_mut() {
            None if !self.root_seen => {
                self.root_seen = true;
                Some(0)
            }
            None => None,
            Some(frame) if frame.seq => {
                let index = frame.index;
                frame.index += 1;
                frame
                    .node
                    .and_then(|n| self.trie.child(n, &super::Seg::Index(index)))
            }
            Some(frame) => frame.pending.take().and_then(|(node, _)| node),
        };
        self.value_at(target, at);
        match kind {
            NodeKind::Scalar => {}
            NodeKind::Alias => self.indirect = true,
            NodeKind::Map | NodeKind::Seq => self.frames.push(Frame {
                node: target,
                seq: kind == NodeKind::Seq,
                index: 0,
                pending: None,
                seen: HashMap::new(),
            }),
        }
    }

    fn key(&mut self, at: usize, text: Option<&str>) {
        self.settle_pending();
        let trie = self.trie;
        let Some(frame) = self.frames.last_mut().filter(|f| !f.seq) else {
            self.lost = true;
            return;
        };
        if text == Some("<<") {
            self.indirect = true;
        }
        let child = text.and_then(|t| trie.key_child(frame.node, t));
        let mut value_node = None;
        if let Some(child) = child {
            let seen = frame.seen.entry(child).or_insert(0);
            let n = *seen;
            *seen += 1;
            // Later occurrences of a key are duplicates: only the first one's value counts.
            value_node = (n == 0).then_some(child);
            if let Some(node) = trie.nodes.get(child) {
                for &(nth, r) in &node.key {
                    if nth == n
                        && let Some(slot) = self.offsets.get_mut(r)
                    {
                        slot.get_or_insert(at);
                    }
                }
            }
        }
        frame.pending = Some((value_node, at));
    }

    fn close(&mut self) {
        self.settle_pending();
        self.frames.pop();
    }

    fn lost(&mut self) {
        self.lost = true;
    }
}
