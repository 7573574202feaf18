//! Synthetic court generator (issue 3) — being written.
