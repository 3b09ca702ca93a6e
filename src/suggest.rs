//! "Did you mean" help: the closest known name to a misspelt one, found within a fixed amount of
//! work so that a document with thousands of unknown names against thousands of known ones is
//! still reported promptly.
//!
//! Two filters keep each comparison cheap: a candidate whose length differs from the word's by
//! more than the allowed distance cannot be close (the edit distance is at least the length
//! difference), and the distance is computed with rows of the table only, stopping as soon as a
//! row proves the candidate too far. Words longer than [`MAX_WORD_CHARS`] get no suggestion:
//! names are short, and comparing long text costs the square of its length.

/// Words (and candidates) longer than this, in characters, are never compared.
const MAX_WORD_CHARS: usize = 256;

/// Work one [`Suggester`] may do, counted in candidates looked at plus table cells filled:
/// about a tenth of a second. Past it, no more suggestions are made.
const BUDGET: usize = 20_000_000;

/// Finds "did you mean" suggestions within a shared budget of work.
///
/// Each document check (a framework's validation, a bundle's preparation, the unknown keys of
/// one document) owns one, so the total cost of its suggestions is bounded whatever the number
/// of problems. Once the budget is spent every answer is `None`: the problems are still
/// reported, without help.
#[derive(Debug)]
pub(crate) struct Suggester {
    left: usize,
    scratch: Scratch,
}

impl Default for Suggester {
    fn default() -> Self {
        Suggester {
            left: BUDGET,
            scratch: Scratch::default(),
        }
    }
}

/// Buffers reused from one comparison to the next: the candidate's characters and three rows
/// of the distance table.
#[derive(Debug, Default)]
struct Scratch {
    b: Vec<char>,
    before: Vec<usize>,
    last: Vec<usize>,
    row: Vec<usize>,
}

impl Suggester {
    /// The help text for the closest candidate, if one is close enough to be a likely
    /// misspelling.
    pub(crate) fn did_you_mean<'a>(
        &mut self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<String> {
        self.closest(word, candidates)
            .map(|c| format!("did you mean `{c}`?"))
    }

    /// The closest candidate within a third of the word's length (at least one edit); among
    /// equally close ones, the alphabetically first.
    pub(crate) fn closest<'a>(
        &mut self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        let word: Vec<char> = word.chars().take(MAX_WORD_CHARS + 1).collect();
        if word.len() > MAX_WORD_CHARS {
            return None;
        }
        let limit = (word.len() / 3).max(1);
        let mut best: Option<(usize, &'a str)> = None;
        for candidate in candidates {
            self.left = self.left.checked_sub(1)?;
            let length = candidate.chars().take(MAX_WORD_CHARS + 1).count();
            // INVARIANT: the edit distance is at least the difference in length.
            if length.abs_diff(word.len()) > limit {
                continue;
            }
            let cells = (word.len() + 1) * (length + 1);
            self.left = self.left.checked_sub(cells)?;
            let bound = best.map_or(limit, |(d, _)| d);
            let Some(d) = distance_within(&word, candidate, bound, &mut self.scratch) else {
                continue;
            };
            if best.is_none_or(|(bd, bc)| (d, candidate) < (bd, bc)) {
                best = Some((d, candidate));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// [`Suggester::did_you_mean`] with a budget of its own, for small fixed sets of candidates.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    Suggester::default().did_you_mean(word, candidates)
}

/// Whether `a` and `b` are at most `bound` edits apart.
pub(crate) fn within(a: &str, b: &str, bound: usize) -> bool {
    let a: Vec<char> = a.chars().take(MAX_WORD_CHARS + 1).collect();
    a.len() <= MAX_WORD_CHARS
        && b.chars().count().abs_diff(a.len()) <= bound
        && distance_within(&a, b, bound, &mut Scratch::default()).is_some()
}

/// Edit distance with adjacent transpositions (optimal string alignment: `titel` is one edit
/// from `title`), if it is at most `bound`.
fn distance_within(a: &[char], b: &str, bound: usize, scratch: &mut Scratch) -> Option<usize> {
    let Scratch {
        b: chars,
        before,
        last,
        row,
    } = scratch;
    chars.clear();
    chars.extend(b.chars());
    let b = &chars[..];
    let width = b.len() + 1;
    // Three rows: the one before last (for transpositions), the last, and the current.
    for r in [&mut *before, &mut *last, &mut *row] {
        r.clear();
        r.resize(width, 0);
    }
    for (j, cell) in last.iter_mut().enumerate() {
        *cell = j;
    }
    let mut last_min = 0;
    for (i, ca) in a.iter().enumerate() {
        let first = i + 1;
        if let Some(cell) = row.first_mut() {
            *cell = first;
        }
        let mut row_min = first;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let at = |r: &[usize], k: usize| r.get(k).copied().unwrap_or(usize::MAX / 2);
            let mut best = (at(last, j + 1) + 1)
                .min(at(row, j) + 1)
                .min(at(last, j) + cost);
            let transposed = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if transposed {
                best = best.min(at(before, j - 1) + 1);
            }
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
            row_min = row_min.min(best);
        }
        // INVARIANT: distances never shrink from one row to the next's minimum, bar a
        // transposition, which reaches back one more row; so two rows over the bound end it.
        if row_min > bound && last_min > bound {
            return None;
        }
        last_min = row_min;
        std::mem::swap(before, last);
        std::mem::swap(last, row);
    }
    last.last().copied().filter(|d| *d <= bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        distance_within(&a, b, usize::MAX / 4, &mut Scratch::default())
    }

    #[test]
    fn distance_counts_single_edits_and_transpositions() {
        assert_eq!(distance("element", "elemnt"), Some(1));
        assert_eq!(distance("kitten", "sitting"), Some(3));
        assert_eq!(distance("", "abc"), Some(3));
        assert_eq!(distance("abc", ""), Some(3));
        assert_eq!(distance("titel", "title"), Some(1));
        assert_eq!(distance("ca", "abc"), Some(3));
    }

    #[test]
    fn distance_stops_past_the_bound() {
        let a: Vec<char> = "kitten".chars().collect();
        let scratch = &mut Scratch::default();
        assert_eq!(distance_within(&a, "sitting", 2, scratch), None);
        assert_eq!(distance_within(&a, "sitting", 3, scratch), Some(3));
        assert_eq!(distance_within(&a, "kitten", 0, scratch), Some(0));
        assert!(within("bis_ecg", "bis-ecg", 1));
        assert!(!within("bisecgx", "bis-ecg", 1));
    }

    #[test]
    fn did_you_mean_picks_the_closest_close_candidate() {
        let ids = ["management-commitment", "risk-assessment"];
        assert_eq!(
            did_you_mean("managment-commitment", ids).as_deref(),
            Some("did you mean `management-commitment`?")
        );
        assert_eq!(did_you_mean("training", ids), None);
        assert_eq!(
            did_you_mean("titel", ["title"]).as_deref(),
            Some("did you mean `title`?")
        );
        // Equally close: the alphabetically first.
        assert_eq!(
            did_you_mean("cat", ["cut", "bat"]).as_deref(),
            Some("did you mean `bat`?")
        );
    }

    #[test]
    fn long_words_get_no_suggestion() {
        let long = "k".repeat(MAX_WORD_CHARS + 1);
        let near = "k".repeat(MAX_WORD_CHARS);
        assert_eq!(did_you_mean(&long, [near.as_str()]), None);
        let fits = "k".repeat(MAX_WORD_CHARS - 1);
        assert!(did_you_mean(&fits, [near.as_str()]).is_some());
    }

    #[test]
    fn a_spent_budget_gives_no_more_suggestions() {
        let mut suggester = Suggester {
            left: 100,
            scratch: Scratch::default(),
        };
        assert!(suggester.did_you_mean("titel", ["title"]).is_some());
        let many: Vec<String> = (0..200).map(|i| format!("name{i}")).collect();
        assert_eq!(
            suggester.did_you_mean("titel", many.iter().map(String::as_str)),
            None
        );
        assert_eq!(suggester.did_you_mean("titel", ["title"]), None);
    }
}
