"""Text utilities: sentences, inline markup, language identification, word lists, CommonMark, escaping."""
