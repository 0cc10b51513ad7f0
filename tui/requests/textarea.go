package requests

import "charm.land/huh/v2"

// textArea is a multi-line field that keeps line breaks (alt+enter or
// ctrl+j start a new line, enter goes on). It never opens an external
// editor: over SSH that editor would run on the server, and locally it
// would write the text to a temporary file.
func textArea(title string, value *string, lines, limit int, validate func(string) error) *huh.Text {
	return huh.NewText().Title(title).Value(value).Lines(lines).CharLimit(limit).
		ExternalEditor(false).Validate(validate)
}
