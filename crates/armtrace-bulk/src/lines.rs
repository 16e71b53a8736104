//! Line numbers of CSV records as a spreadsheet shows them, whatever the line endings
//! (LF, CRLF from Excel, CR alone from old Macs) and with blank lines counted — the CSV
//! reader's own line count is off in those cases.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::{Arc, Mutex};

/// Where lines start, for the part of the file read but not yet passed.
#[derive(Debug, Default)]
pub(crate) struct LineIndex {
    /// Line starts after the line asked about last, each with whether the line is empty
    /// (known once its end is seen) and whether the line before ended with CRLF.
    pending: VecDeque<(u64, bool, bool)>,
    /// Whether the line asked about last (or line 1) is empty.
    current_empty: bool,
    /// Line starts already passed (line 1 starts at 0 and is not counted here).
    passed: u64,
    /// Bytes seen.
    offset: u64,
    /// Start of the line being read.
    line_start: u64,
    /// The last byte seen was a CR (a LF right after it ends the same line).
    after_cr: bool,
}

impl LineIndex {
    fn end_line(&mut self, at: u64) {
        if at == self.line_start {
            match self.pending.back_mut() {
                Some(last) if last.0 == at => last.1 = true,
                None if self.passed == 0 && at == 0 => self.current_empty = true,
                _ => {}
            }
        }
    }

    fn scan(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            let at = self.offset + i as u64;
            match b {
                b'\n' if self.after_cr => {
                    // CRLF: the line starts after the LF, not after the CR.
                    if let Some(last) = self.pending.back_mut() {
                        last.0 = at + 1;
                        last.2 = true;
                    }
                    self.line_start = at + 1;
                }
                b'\n' | b'\r' => {
                    self.end_line(at);
                    self.pending.push_back((at + 1, false, false));
                    self.line_start = at + 1;
                }
                _ => {}
            }
            self.after_cr = b == b'\r';
        }
        self.offset += bytes.len() as u64;
    }

    /// The line (from 1) where the record read from byte `at` begins; ask in increasing
    /// order of `at`. The CSV reader reports a record after blank lines at the first blank
    /// line: the record itself is on the first line after them.
    pub(crate) fn line_of(&mut self, at: u64) -> u64 {
        while let Some(&(start, empty, crlf)) = self.pending.front() {
            // The reader may report a record from the LF of the CRLF before it.
            let begins = if crlf { start - 1 } else { start };
            if begins <= at || self.current_empty {
                self.pending.pop_front();
                self.passed += 1;
                self.current_empty = empty;
            } else {
                break;
            }
        }
        self.passed + 1
    }
}

/// A reader that counts bytes (for the progress bar) and indexes line starts.
pub(crate) struct Tracking<R> {
    pub(crate) inner: R,
    pub(crate) count: Arc<std::sync::atomic::AtomicU64>,
    pub(crate) lines: Arc<Mutex<LineIndex>>,
}

impl<R: Read> Read for Tracking<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut lines) = self.lines.lock() {
            lines.scan(&buf[..n]);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str, offsets: &[u64]) -> Vec<u64> {
        let mut idx = LineIndex::default();
        // Feed in small pieces, to cross CRLF pairs between reads.
        for chunk in text.as_bytes().chunks(3) {
            idx.scan(chunk);
        }
        offsets.iter().map(|o| idx.line_of(*o)).collect()
    }

    #[test]
    fn counts_lf_crlf_cr_and_blank_lines() {
        assert_eq!(lines_of("a\nb\nc\n", &[0, 2, 4]), vec![1, 2, 3]);
        assert_eq!(lines_of("a\r\nb\r\nc\r\n", &[0, 3, 6]), vec![1, 2, 3]);
        assert_eq!(lines_of("a\rb\rc\r", &[0, 2, 4]), vec![1, 2, 3]);
        assert_eq!(lines_of("a\n\nb\n", &[0, 2]), vec![1, 3]);
        assert_eq!(
            lines_of("a\r\n\r\n\r\nb\r\nc\r\n", &[0, 3, 10]),
            vec![1, 4, 5]
        );
    }
}
