package requests

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// documentType chooses the identity document a verification shows
// (R-KYC-1): it starts the verification, or changes the type of the
// caller's draft.
type documentType struct {
	components.FormPage
	doc string
}

func newDocumentType(env *common.Env, current model.DocumentType) *documentType {
	s := &documentType{doc: string(current)}
	options := make([]huh.Option[string], len(model.DocumentTypes))
	for i, d := range model.DocumentTypes {
		options[i] = huh.NewOption(d.Title(), string(d))
	}
	s.FormPage = components.NewFormPage(env, "Document for the verification", "Which document will you show? Its photo or scan comes next, then a selfie of you holding it.",
		func() []huh.Field {
			return []huh.Field{huh.NewSelect[string]().Title("Document").Value(&s.doc).Options(options...)}
		})
	return s
}

func (s *documentType) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	return s, s.Step(s, msg, s.submit, s.started)
}

// submit starts the verification with the document chosen.
func (s *documentType) submit() tea.Cmd {
	doc := model.DocumentType(s.doc)
	return s.Send("Saving…", func(ctx context.Context, svc *model.Service) error {
		_, err := svc.StartVerification(ctx, doc)
		return err
	})
}

func (s *documentType) started() tea.Cmd {
	s.Env.Nav.Close(s, model.DocumentType(s.doc).Title()+" chosen. Now give its photo or scan, and the selfie.")
	return nil
}
