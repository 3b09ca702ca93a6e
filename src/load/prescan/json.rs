//! The JSON side of the pre-scan: strings (keys and values), other scalars (numbers, `true`,
//! ...) and bracket depth, and the number of nodes.

use super::{Limits, MAX_NESTING, Refusal, Scan, check_length, too_deep, too_many};

/// A byte that may be part of a number or of `true`, `false`, `null`.
fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.')
}

pub(super) fn scan(b: &[u8], limits: Limits) -> Result<Scan, Refusal> {
    let mut depth = 0usize;
    let mut nodes = 0usize;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'[' || c == b'{' || is_word(c) {
            nodes += 1;
            if nodes > limits.nodes {
                return Err(too_many(i, limits.nodes));
            }
        }
        match c {
            b'"' => i = string(b, i, limits)?,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep(i));
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            c if is_word(c) => {
                let start = i;
                while b.get(i).copied().is_some_and(is_word) {
                    i += 1;
                }
                check_length(start, i - start, false, limits)?;
            }
            _ => i += 1,
        }
    }
    Ok(Scan::default())
}

/// The string starting at `start`, checked as a key if a `:` follows it; the offset after it.
fn string(b: &[u8], start: usize, limits: Limits) -> Result<usize, Refusal> {
    let mut i = start + 1;
    while let Some(&c) = b.get(i) {
        i += if c == b'\\' { 2 } else { 1 };
        if c == b'"' {
            break;
        }
    }
    let end = i.min(b.len());
    let mut next = end;
    while matches!(b.get(next), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        next += 1;
    }
    let is_key = b.get(next) == Some(&b':');
    check_length(start, end - start, is_key, limits)?;
    Ok(end)
}
