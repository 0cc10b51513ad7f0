package requests

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var submitKeys = struct{ Back, Skip key.Binding }{
	Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "step 1")),
	Skip: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "skip and submit")),
}

// Intros of the two steps.
const (
	submitIntro1 = "Step 1 of 2. Say what the request is about; staff answer in its thread."
	submitIntro2 = "Step 2 of 2, optional: the server this request concerns, the access support gets to it and its administrator password."
	// passwordCleared is said when a refusal came back after the
	// password had left the form.
	passwordCleared = "The administrator password was cleared when the request was sent: type it again if you want to give it."
)

// submitted is the answer to SubmitTicket.
type submittedMsg struct {
	screen *submit
	t      *model.Ticket
	err    error
}

// submit is "Submit a request" (R-TKT-1) in the portal's two steps: the
// subject and the description, then the server it concerns (or Skip), the
// access level for support and that server's administrator password. A
// refusal comes back to the step it concerns with everything typed but
// the password, which is never kept once it was sent.
type submit struct {
	components.FormPage
	step                                           int // 1 or 2
	subject, description, server, access, password string
	// sentPassword says the request in flight carried a password, which
	// the screen no longer has.
	sentPassword bool
}

func newSubmit(env *common.Env) *submit {
	s := &submit{step: 1, access: string(model.AccessNone)}
	s.FormPage = components.NewFormPage(env, "Submit a request", submitIntro1, s.fields)
	return s
}

// fields are the fields of the step shown, over the screen's values.
func (s *submit) fields() []huh.Field {
	if s.step == 1 {
		return []huh.Field{
			components.TextInput("Subject", &s.subject, components.Check(model.ValidateTicketSubject)).
				CharLimit(model.MaxTicketSubject + 50).Placeholder("Nginx on web1 returns 502"),
			textArea("Description", &s.description, 6, 2*model.MaxTicketMessage, func(v string) error {
				_, err := model.ValidateTicketMessage("The description", v)
				return components.FieldErr(err)
			}).Description("alt+enter or ctrl+j starts a new line; enter goes on.").
				Placeholder("What happened, since when, what you expected."),
		}
	}
	accesses := make([]huh.Option[string], len(model.ServerAccesses))
	for i, a := range model.ServerAccesses {
		accesses[i] = huh.NewOption(a.Title(), string(a))
	}
	return []huh.Field{
		components.TextInput("Server", &s.server, checkServer).CharLimit(model.MaxHostName + 16).
			Description("Host name or IP address; leave it empty, or press ctrl+s, to skip.").
			Placeholder("server1.example.com or 203.0.113.7"),
		huh.NewSelect[string]().Title("Access for support").Description("←/→ choose.").Inline(true).
			Value(&s.access).Options(accesses...),
		components.PasswordInput("Administrator password of the server", &s.password).
			Description("Hidden. Kept sealed, shown only to the staff member working the request, erased when it closes. Empty: none.").
			CharLimit(model.MaxServerPassword),
	}
}

// checkServer checks the server as it is left; empty skips the step.
func checkServer(v string) error {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	_, err := model.ValidateServer(v)
	return components.FieldErr(err)
}

func (s *submit) Title() string { return "Submit a request" }
func (s *submit) Keys() []key.Binding {
	if s.Busy() || s.step == 1 {
		return s.FormPage.Keys()
	}
	return append(s.Form.KeyBinds(), submitKeys.Skip, submitKeys.Back)
}

func (s *submit) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case submittedMsg:
		if msg.screen == s {
			return s, s.submitted(msg)
		}
		return s, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, components.FormKeys.Cancel) && s.step == 2 && !s.Busy():
			return s, s.toStep(1, nil)
		case key.Matches(msg, components.FormKeys.Cancel) && !s.Busy():
			s.Env.Nav.Close(s, "")
			return s, nil
		case key.Matches(msg, submitKeys.Skip) && s.step == 2 && !s.Busy():
			s.server, s.access, s.password = "", string(model.AccessNone), ""
			return s, s.send()
		}
	}
	cmd, complete := s.Take(s, msg) // esc: cancels what runs
	if !complete {
		return s, cmd
	}
	if s.step == 1 {
		return s, s.toStep(2, s.Form.Leftover())
	}
	return s, s.send()
}

// toStep shows step n with what was typed, giving it the keys typed after
// the enter that finished the step before (SPEC §5: type-ahead).
func (s *submit) toStep(n int, typed []tea.Msg) tea.Cmd {
	s.step, s.Err = n, ""
	s.Intro = submitIntro1
	if n == 2 {
		s.Intro = submitIntro2
	}
	cmds := []tea.Cmd{s.Build()}
	for _, m := range typed { // through the screen: ctrl+s and esc are its own
		_, c := s.Update(m)
		cmds = append(cmds, c)
	}
	return tea.Batch(cmds...)
}

// send checks the second step as a whole, then submits the request. The
// password leaves the screen with the command: whatever the answer, the
// screen keeps no copy of it.
func (s *submit) send() tea.Cmd {
	req := model.TicketRequest{Subject: s.subject, Description: s.description, Server: s.server,
		Access: model.ServerAccess(s.access), ServerPassword: s.password}
	if err := model.CheckServerStep(req); err != nil {
		return s.Refused(err)
	}
	s.sentPassword, s.password = s.password != "", ""
	me := s
	return s.Run("Submitting…", func(ctx context.Context, svc *model.Service) tea.Msg {
		t, err := svc.SubmitTicket(ctx, req)
		return submittedMsg{me, t, err}
	})
}

// submitted opens the new request's thread in the form's place, or shows
// the refusal on the step it concerns.
func (s *submit) submitted(msg submittedMsg) tea.Cmd {
	if msg.err != nil {
		return s.refusedAt(msg.err)
	}
	s.Env.Flash(fmt.Sprintf("Request #%d submitted. Staff answer here; you are told by email.", msg.t.ID))
	s.Env.Nav.Replace(newThread(s.Env, msg.t.ID))
	return nil
}

// refusedAt shows a refusal on the step it concerns: step 1 when the
// subject or the description is refused, else step 2, saying that the
// password has to be typed again if it was sent.
func (s *submit) refusedAt(err error) tea.Cmd {
	step := 2
	if _, e := model.ValidateTicketSubject(s.subject); e != nil {
		step = 1
	} else if _, e := model.ValidateTicketMessage("The description", s.description); e != nil {
		step = 1
	}
	s.Ready()
	cmd := s.toStep(step, nil)
	s.SetRefusal(err)
	if s.sentPassword {
		s.Note, s.sentPassword = passwordCleared, false
	}
	s.Fit()
	return cmd
}
