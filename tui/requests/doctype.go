package requests

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
)

// startedMsg is the answer to StartVerification.
type startedMsg struct {
	screen *documentType
	err    error
}

// documentType chooses the identity document a verification shows
// (R-KYC-1): it starts the verification, or changes the type of the
// caller's draft.
type documentType struct {
	formPage
	doc string
}

func newDocumentType(env *common.Env, current model.DocumentType) *documentType {
	s := &documentType{doc: string(current)}
	options := make([]huh.Option[string], len(model.DocumentTypes))
	for i, d := range model.DocumentTypes {
		options[i] = huh.NewOption(d.Title(), string(d))
	}
	s.formPage = newFormPage(env, "Document for the verification", "Which document will you show? Its photo or scan comes next, then a selfie of you holding it.",
		func() []huh.Field {
			return []huh.Field{huh.NewSelect[string]().Title("Document").Value(&s.doc).Options(options...)}
		})
	return s
}

func (s *documentType) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case startedMsg:
		if msg.screen != s {
			return s, nil
		}
		if msg.err != nil {
			return s, s.refused(msg.err)
		}
		s.env.Nav.Close(s, model.DocumentType(s.doc).Title()+" chosen. Now give its photo or scan, and the selfie.")
		return s, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, formKeys.Cancel) && !s.busy {
			s.env.Nav.Close(s, "")
			return s, nil
		}
	}
	cmd, complete := s.handle(msg)
	if !complete {
		return s, cmd
	}
	doc, me := model.DocumentType(s.doc), s
	return s, s.run("Saving…", s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		_, err := svc.StartVerification(ctx, doc)
		return startedMsg{me, err}
	}))
}
