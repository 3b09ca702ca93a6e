//! How documents are read: the limits, and reading a file within them.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::{Format, Lines};
use crate::error::{Error, Problem};

/// The default cap on the size of one input document: 8 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 8 << 20;

/// The default cap on the length of one map key, as written: 1 KiB.
pub const DEFAULT_MAX_KEY_BYTES: usize = 1 << 10;

/// The default cap on the length of one scalar value (a string, a number, a date), as written:
/// 64 KiB.
pub const DEFAULT_MAX_SCALAR_BYTES: usize = 64 << 10;

/// The default cap on the number of nodes of one document (scalar values, keys, lists and
/// maps, aliases counted once): 1,000,000. A document of 8 MiB with ordinary content has fewer
/// than 900,000; parsing costs memory and time by the node (about 250 bytes and 1 µs each), so
/// text packed with tiny values (`[a, a, a, …]`) is refused rather than parsed into gigabytes.
pub const DEFAULT_MAX_NODES: usize = 1_000_000;

/// How deep lists and maps may nest in a document: 128 levels, the limit of the YAML and JSON
/// parsers themselves. Deeper input is refused by a scan of the text before it is parsed.
pub const MAX_NESTING: usize = 128;

/// How documents are read.
///
/// Every limit is checked before the document is parsed, so that hostile input is refused
/// quickly and with little memory: the size of the input, the length of each key and each
/// value, the number of nodes, the nesting depth ([`MAX_NESTING`]), and the kind of file.
///
/// ```
/// use icp_assess::LoadOptions;
/// let options = LoadOptions::new().max_input_bytes(1 << 20).max_scalar_bytes(4096);
/// assert_eq!(options.get_max_input_bytes(), 1 << 20);
/// assert_eq!(options.get_max_scalar_bytes(), 4096);
/// assert_eq!(options.get_max_key_bytes(), icp_assess::DEFAULT_MAX_KEY_BYTES);
/// assert!(!options.get_allow_special_files());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    max_input_bytes: u64,
    max_key_bytes: usize,
    max_scalar_bytes: usize,
    max_nodes: usize,
    allow_special_files: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_key_bytes: DEFAULT_MAX_KEY_BYTES,
            max_scalar_bytes: DEFAULT_MAX_SCALAR_BYTES,
            max_nodes: DEFAULT_MAX_NODES,
            allow_special_files: false,
        }
    }
}

impl LoadOptions {
    /// The defaults: inputs up to 8 MiB, keys up to 1 KiB, values up to 64 KiB, up to 1,000,000
    /// nodes, regular files only.
    pub fn new() -> Self {
        Self::default()
    }

    /// Refuses, before parsing, any document larger than `bytes`. A file is read no further
    /// than this, whatever size it states.
    pub fn max_input_bytes(mut self, bytes: u64) -> Self {
        self.max_input_bytes = bytes;
        self
    }

    /// The size cap in force.
    pub fn get_max_input_bytes(&self) -> u64 {
        self.max_input_bytes
    }

    /// Refuses, before parsing, any map key longer than `bytes` as written (quotes included).
    pub fn max_key_bytes(mut self, bytes: usize) -> Self {
        self.max_key_bytes = bytes;
        self
    }

    /// The key length cap in force.
    pub fn get_max_key_bytes(&self) -> usize {
        self.max_key_bytes
    }

    /// Refuses, before parsing, any scalar value longer than `bytes` as written (quotes,
    /// escapes and, for text over several lines, indentation included).
    pub fn max_scalar_bytes(mut self, bytes: usize) -> Self {
        self.max_scalar_bytes = bytes;
        self
    }

    /// The value length cap in force.
    pub fn get_max_scalar_bytes(&self) -> usize {
        self.max_scalar_bytes
    }

    /// Refuses, before parsing, any document with more than `nodes` nodes: scalar values, keys,
    /// lists and maps (an alias counts once).
    pub fn max_nodes(mut self, nodes: usize) -> Self {
        self.max_nodes = nodes;
        self
    }

    /// The node cap in force.
    pub fn get_max_nodes(&self) -> usize {
        self.max_nodes
    }

    /// Reads paths that are not regular files: pipes (`/dev/stdin`, a shell's `<(…)`), devices
    /// and the like. Off by default: such a path states no size, a device such as `/dev/zero`
    /// never ends, and opening a pipe that no program writes to waits forever, so they are
    /// refused before they are opened. When allowed, they are still read no further than
    /// [`max_input_bytes`](Self::max_input_bytes). Directories are always refused.
    pub fn allow_special_files(mut self, allow: bool) -> Self {
        self.allow_special_files = allow;
        self
    }

    /// Whether paths other than regular files are read.
    pub fn get_allow_special_files(&self) -> bool {
        self.allow_special_files
    }
}

/// Reads a file within the options' limits: a regular file is refused before reading if it
/// states a size over the cap, any other kind of file before it is opened (unless allowed), and
/// whatever the file states, no more than the cap plus one byte is ever read.
pub(crate) fn read_file(path: &Path, options: &LoadOptions) -> Result<String, Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let origin = path.display().to_string();
    // Follows symbolic links: what is checked is what will be opened.
    let metadata = std::fs::metadata(path).map_err(io)?;
    check_kind(path, &metadata, options)?;
    if metadata.is_file() {
        check_size(&origin, metadata.len(), options)?;
    }
    let file = File::open(path).map_err(io)?;
    // The path may have been replaced between the check and the open.
    check_kind(path, &file.metadata().map_err(io)?, options)?;
    let mut bytes = Vec::new();
    file.take(options.max_input_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > options.max_input_bytes {
        return Err(Error::OverLimit {
            origin,
            limit: options.max_input_bytes,
        });
    }
    String::from_utf8(bytes).map_err(|e| not_utf8(&origin, e.as_bytes(), Format::from_path(path)))
}

fn check_kind(
    path: &Path,
    metadata: &std::fs::Metadata,
    options: &LoadOptions,
) -> Result<(), Error> {
    let file_type = metadata.file_type();
    if file_type.is_file() || (options.allow_special_files && !file_type.is_dir()) {
        return Ok(());
    }
    Err(Error::NotAFile {
        path: path.to_owned(),
        kind: kind_of(&file_type),
    })
}

fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "character device";
        }
        if file_type.is_block_device() {
            return "block device";
        }
        if file_type.is_socket() {
            return "socket";
        }
    }
    "special file"
}

/// A located error for text that is not UTF-8: the line and column of the first bad byte.
fn not_utf8(origin: &str, bytes: &[u8], format: Format) -> Error {
    let valid = std::str::from_utf8(bytes)
        .err()
        .map_or(bytes.len(), |e| e.valid_up_to());
    let prefix = std::str::from_utf8(bytes.get(..valid).unwrap_or_default()).unwrap_or_default();
    let location = Lines::new(prefix, format).location(valid);
    let bad = bytes.get(valid).copied().unwrap_or_default();
    let mut problem = Problem::new(
        ".",
        format!("the text is not valid UTF-8: byte 0x{bad:02X} cannot be read as a character"),
    )
    .with_help(Some("save the file as UTF-8".to_owned()));
    problem.origin = Some(origin.to_owned());
    problem.location = Some(location);
    // The line as far as it reads, then the bad byte shown as a replacement character.
    let line_start = prefix.len() - prefix.rsplit(['\n', '\r']).next().map_or(0, str::len);
    let line = prefix.get(line_start..).unwrap_or_default();
    problem.source_line = Some(format!("{line}\u{FFFD}"));
    Error::Syntax(Box::new(problem))
}

pub(crate) fn check_size(origin: &str, size: u64, options: &LoadOptions) -> Result<(), Error> {
    if size > options.max_input_bytes {
        return Err(Error::TooLarge {
            origin: origin.to_owned(),
            size,
            limit: options.max_input_bytes,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located_at_the_first_bad_byte() {
        let err = not_utf8("b.yaml", b"a: 1\nname: Fict\xff\xfeional\n", Format::Yaml);
        let problem = err.problems().first().cloned();
        let problem = problem.as_ref();
        let location = problem.and_then(|p| p.location());
        assert_eq!(location.map(|l| (l.line, l.column)), Some((2, 11)));
        assert_eq!(
            problem.map(|p| p.message()),
            Some("the text is not valid UTF-8: byte 0xFF cannot be read as a character")
        );
        assert_eq!(
            problem.and_then(|p| p.source_line.clone()).as_deref(),
            Some("name: Fict\u{FFFD}")
        );
    }
}
