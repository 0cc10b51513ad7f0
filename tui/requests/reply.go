package requests

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// sentMsg is the answer to a reply.
type sentMsg struct {
	screen *reply
	err    error
}

// reply writes a message in a request's thread (R-TKT-2), on several lines
// that are kept as typed. What is typed lives in the thread screen, so
// that leaving the reply with esc and coming back keeps it; a reply sent
// empties it.
type reply struct {
	formPage
	thread *thread
}

func newReply(env *common.Env, t *thread) *reply {
	s := &reply{thread: t}
	title := fmt.Sprintf("Reply to request #%d", t.id)
	s.formPage = newFormPage(env, title, "Staff see your reply at once.", func() []huh.Field {
		return []huh.Field{textArea("Your reply", &t.draft, 8, 2*model.MaxTicketMessage, func(v string) error {
			_, err := model.ValidateTicketMessage("The reply", v)
			return components.FieldErr(err)
		}).Description("alt+enter or ctrl+j starts a new line; enter sends.")}
	})
	return s
}

func (s *reply) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sentMsg:
		if msg.screen != s {
			return s, nil
		}
		if msg.err != nil {
			return s, s.refused(msg.err)
		}
		s.thread.draft = ""
		s.env.Nav.Close(s, "Reply sent.")
		return s, common.Emit(repliedMsg{s.thread})
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
	id, body, me := s.thread.id, s.thread.draft, s
	return s, s.run("Sending…", s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		_, err := svc.ReplyToTicket(ctx, id, body)
		return sentMsg{me, err}
	}))
}
