"""Text utilities shared by the stages below them: fast, exact prefilters for regular expressions."""
