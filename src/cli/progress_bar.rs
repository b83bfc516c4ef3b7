//! The batch's progress as a bar on a terminal, in the command's language; nothing when
//! stderr is not a terminal or `--no-progress` is given.

use indicatif::{ProgressBar, ProgressStyle};

use crate::batch::progress::Progress;
use crate::values::lang::Lang;

/// A progress bar on a terminal, nothing elsewhere.
pub struct ProgressBarOnTerminal {
    bar: ProgressBar,
    lang: Lang,
}

impl ProgressBarOnTerminal {
    /// Visible only when asked for and stderr is a terminal.
    pub fn new(visible: bool, lang: Lang) -> ProgressBarOnTerminal {
        use std::io::IsTerminal;
        let bar = if visible && std::io::stderr().is_terminal() {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        ProgressBarOnTerminal { bar, lang }
    }
}

impl Progress for ProgressBarOnTerminal {
    /// Bytes of the enterprises table read.
    fn bytes(&self, done: u64, size: u64) {
        if self.bar.length() != Some(size) {
            self.bar.set_style(
                ProgressStyle::with_template(match self.lang {
                    Lang::En => "reading enterprises {bar:40} {bytes}/{total_bytes}",
                    Lang::Zh => "读取入驻企业表 {bar:40} {bytes}/{total_bytes}",
                })
                .expect("a valid template"),
            );
            self.bar.set_length(size);
        }
        self.bar.set_position(done);
    }

    /// Parks to compute.
    fn parks(&self, n: u64) {
        self.bar.set_style(
            ProgressStyle::with_template(match self.lang {
                Lang::En => "computing parks {bar:40} {pos}/{len}",
                Lang::Zh => "计算园区 {bar:40} {pos}/{len}",
            })
            .expect("a valid template"),
        );
        self.bar.set_length(n);
        self.bar.set_position(0);
    }

    /// Parks computed.
    fn parks_done(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Clears the bar.
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
