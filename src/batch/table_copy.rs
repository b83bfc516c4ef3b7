//! A table's copy for `out/inputs/`, written while the table was hashed and synced to the disk
//! on a thread of its own: no reader of the tables and no step of the computation waits for the
//! disk. The sync is waited for when the copy is put in place, before the manifest vouches for
//! it, and the folder's commit syncs the whole tree again.

use std::io;
use std::path::Path;
use std::thread::JoinHandle;

use crate::batch::BatchError;

/// A table's copy, being synced.
#[derive(Debug)]
pub struct TableCopy {
    /// The table's file name, e.g. `enterprises.csv`.
    pub name: &'static str,
    file: tempfile::NamedTempFile,
    /// The sync's thread; none where the copy was synced before this was made (no thread could
    /// be started).
    synced: Option<JoinHandle<io::Result<()>>>,
}

impl TableCopy {
    /// Starts syncing `file`, the whole copy of table `name`, on a thread of its own (or syncs
    /// it here, where no thread can be started).
    ///
    /// # Errors
    /// Only where the copy could not be synced here.
    pub fn syncing(name: &'static str, file: tempfile::NamedTempFile) -> io::Result<TableCopy> {
        let started = file.as_file().try_clone().and_then(|handle| {
            std::thread::Builder::new()
                .name(format!("sync {name}"))
                .spawn(move || handle.sync_all())
        });
        let synced = match started {
            Ok(thread) => Some(thread),
            Err(_) => {
                file.as_file().sync_all()?;
                None
            }
        };
        Ok(TableCopy { name, file, synced })
    }

    /// Waits for the copy to reach the disk, then renames it to `path`. (A copy dropped
    /// instead is deleted; its sync, if still running, only finishes on a deleted file.)
    ///
    /// # Errors
    /// The copy cannot be synced or renamed.
    pub fn place(self, path: &Path) -> Result<(), BatchError> {
        let fail = |source| BatchError::Output {
            path: path.to_path_buf(),
            source,
        };
        if let Some(thread) = self.synced {
            thread
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the thread syncing the copy stopped")))
                .map_err(fail)?;
        }
        self.file.persist(path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_copy_synced_on_its_own_thread_is_placed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = crate::batch::files::temp_file_in(dir.path(), "parks.csv").unwrap();
        file.write_all(b"park_id,year\nP1,2022\n").unwrap();
        let copy = TableCopy::syncing("parks.csv", file).unwrap();
        assert!(copy.synced.is_some(), "the sync runs on a thread of its own");
        let path = dir.path().join("parks.csv");
        copy.place(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"park_id,year\nP1,2022\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left beside the copy");
    }

    #[test]
    fn a_copy_not_placed_is_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = crate::batch::files::temp_file_in(dir.path(), "enterprises.csv").unwrap();
        file.write_all(&vec![b'x'; 1 << 20]).unwrap();
        drop(TableCopy::syncing("enterprises.csv", file).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_copy_whose_sync_failed_is_not_placed() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = crate::batch::files::temp_file_in(dir.path(), "overrides.csv").unwrap();
        file.write_all(b"park_id\n").unwrap();
        let copy = TableCopy {
            name: "overrides.csv",
            file,
            synced: Some(std::thread::spawn(|| Err(io::Error::other("the disk is gone")))),
        };
        let path = dir.path().join("overrides.csv");
        match copy.place(&path) {
            Err(BatchError::Output { path: named, source }) => {
                assert_eq!(named, path);
                assert_eq!(source.to_string(), "the disk is gone");
            }
            other => panic!("expected an output error, got {other:?}"),
        }
        assert!(
            !path.exists(),
            "a copy not known to be on the disk is never put in place"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "and it is deleted");
    }

    #[test]
    fn a_copy_that_cannot_be_placed_names_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let file = crate::batch::files::temp_file_in(dir.path(), "grants.csv").unwrap();
        let copy = TableCopy::syncing("grants.csv", file).unwrap();
        let path = dir.path().join("no such folder").join("grants.csv");
        match copy.place(&path) {
            Err(BatchError::Output { path: named, .. }) => assert_eq!(named, path),
            other => panic!("expected an output error, got {other:?}"),
        }
    }
}
