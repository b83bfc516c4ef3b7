//! A table's digest and copy still being made on a thread of their own. `enterprises.csv` is
//! hashed (and copied) beside its reading; on a processor without SHA instructions the hashing
//! outlasts the reading, so the 不重复 check, the small tables and the computation go on beside
//! it too, and only the manifest waits for it.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use crate::batch::table_copy::TableCopy;
use crate::batch::table_error::TableError;
use crate::batch::tables::TableDigest;
use crate::batch::workbook::SheetSource;

/// What the thread makes: the table's SHA-256 (hex) and its copy, if copies are kept.
pub type Made = Result<(String, Option<TableCopy>), TableError>;

/// A table's digest and copy, being made. Dropped unwaited (the run has failed), the thread is
/// told to stop at its next block and waited for, and the copy is deleted (a sync of the copy
/// already started may finish on the deleted file, see [`TableCopy`]).
#[derive(Debug)]
pub struct PendingDigest {
    table: &'static str,
    rows: u64,
    source: Option<SheetSource>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Made>>,
}

impl PendingDigest {
    /// Starts `make` on a thread of its own for `table` (at `path`, named if no thread can be
    /// started); `make` gives up at its next block once the flag it is given is set.
    ///
    /// # Errors
    /// No thread can be started.
    pub fn start(
        table: &'static str,
        path: PathBuf,
        source: Option<SheetSource>,
        make: impl FnOnce(&AtomicBool) -> Made + Send + 'static,
    ) -> Result<PendingDigest, TableError> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name(format!("hash {table}"))
            .spawn(move || make(&flag))
            .map_err(|source| TableError::Unreadable { file: path, source })?;
        Ok(PendingDigest {
            table,
            rows: 0,
            source,
            stop,
            thread: Some(thread),
        })
    }

    /// Records the data rows the table's readers found, for the manifest.
    pub fn record_rows(&mut self, rows: u64) {
        self.rows = rows;
    }

    /// Waits for the digest and the copy.
    ///
    /// # Errors
    /// The table could not be read to its end, or the copy written.
    pub fn wait(mut self) -> Result<(TableDigest, Option<TableCopy>), TableError> {
        let thread = self.thread.take().expect("a pending digest is waited for once");
        let (sha256, copy) = thread.join().expect("the hashing thread does not panic")?;
        let digest = TableDigest {
            table: self.table,
            sha256,
            rows: self.rows,
            source: self.source.take(),
        };
        Ok((digest, copy))
    }
}

impl Drop for PendingDigest {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.stop.store(true, Ordering::Relaxed);
            // Whatever it made (a copy is deleted when dropped) is not wanted.
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

    #[test]
    fn the_digest_is_made_on_a_thread_of_its_own_and_given_with_the_rows_read() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut pending = PendingDigest::start("enterprises.csv", PathBuf::from("enterprises.csv"), None, move |_| {
            // Only finishes once this thread has gone on past `start`.
            rx.recv().expect("told to finish");
            Ok(("ab".repeat(32), None))
        })
        .unwrap();
        pending.record_rows(7);
        tx.send(()).unwrap();
        let (digest, copy) = pending.wait().unwrap();
        assert_eq!(
            digest,
            TableDigest {
                table: "enterprises.csv",
                sha256: "ab".repeat(32),
                rows: 7,
                source: None,
            }
        );
        assert!(copy.is_none());
    }

    #[test]
    fn a_problem_making_the_digest_is_said_when_it_is_waited_for() {
        let pending = PendingDigest::start("enterprises.csv", PathBuf::from("enterprises.csv"), None, |_| {
            Err(TableError::Unreadable {
                file: PathBuf::from("enterprises.csv"),
                source: std::io::ErrorKind::UnexpectedEof.into(),
            })
        })
        .unwrap();
        let err = pending.wait().unwrap_err();
        assert!(matches!(err, TableError::Unreadable { .. }), "{err:?}");
    }

    #[test]
    fn dropped_unwaited_the_thread_is_stopped_and_waited_for() {
        // 1: stopped by the flag; 2: ran out of table (five seconds) without being told.
        let ended = Arc::new(AtomicUsize::new(0));
        let told = Arc::clone(&ended);
        let pending = PendingDigest::start("enterprises.csv", PathBuf::from("enterprises.csv"), None, move |stop| {
            let start = std::time::Instant::now();
            while !stop.load(Ordering::Relaxed) && start.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(1));
            }
            let how = if stop.load(Ordering::Relaxed) { 1 } else { 2 };
            // Its last block takes a while: a drop that did not wait would be back first.
            std::thread::sleep(Duration::from_millis(50));
            told.store(how, Ordering::Relaxed);
            Err(TableError::Unreadable {
                file: PathBuf::from("enterprises.csv"),
                source: std::io::ErrorKind::Interrupted.into(),
            })
        })
        .unwrap();
        std::thread::sleep(Duration::from_millis(5));
        drop(pending);
        assert_eq!(ended.load(Ordering::Relaxed), 1, "stopped by the flag, and waited for");
    }
}
