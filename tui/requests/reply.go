package requests

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// reply writes a message in a request's thread (R-TKT-2), on several lines
// that are kept as typed. What is typed lives in the thread screen, so
// that leaving the reply with esc and coming back keeps it; a reply sent
// empties it.
type reply struct {
	components.FormPage
	thread *thread
}

func newReply(env *common.Env, t *thread) *reply {
	s := &reply{thread: t}
	title := fmt.Sprintf("Reply to request #%d", t.id)
	s.FormPage = components.NewFormPage(env, title, "Staff see your reply at once.", func() []huh.Field {
		return []huh.Field{textArea("Your reply", &t.draft, 8, 2*model.MaxTicketMessage, func(v string) error {
			_, err := model.ValidateTicketMessage("The reply", v)
			return components.FieldErr(err)
		}).Description("alt+enter or ctrl+j starts a new line; enter sends.")}
	})
	return s
}

func (s *reply) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	return s, s.Step(s, msg, s.submit, s.sent)
}

// submit sends the reply as typed.
func (s *reply) submit() tea.Cmd {
	id, body := s.thread.id, s.thread.draft
	return s.Send("Sending…", func(ctx context.Context, svc *model.Service) error {
		_, err := svc.ReplyToTicket(ctx, id, body)
		return err
	})
}

// sent empties the draft and goes back to the thread, which reads the
// reply.
func (s *reply) sent() tea.Cmd {
	s.thread.draft = ""
	s.Env.Nav.Close(s, "Reply sent.")
	return common.Emit(repliedMsg{s.thread})
}
