//! How far a batch has got, reported to whoever shows it: the command line draws a bar on a
//! terminal, the web page and the tests show nothing. The library only reports.

/// What a batch reports as it goes. Every method does nothing unless implemented.
pub trait Progress: Sync {
    /// Bytes of the enterprises table read so far, of `size`.
    fn bytes(&self, _done: u64, _size: u64) {}

    /// The parks to compute, once the tables are read.
    fn parks(&self, _n: u64) {}

    /// `n` more parks computed.
    fn parks_done(&self, _n: u64) {}

    /// The run is over, whatever its outcome.
    fn finish(&self) {}
}

/// Progress that nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unwatched;

impl Progress for Unwatched {}
