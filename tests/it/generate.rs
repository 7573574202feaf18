//! generator tests (filled in by the generator work)
