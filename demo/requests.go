package demo

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"acctl/model"
	"acctl/seal"
)

// Demo server passwords, sealed like any other (R-TKT-1); the staff
// member sees them by taking the request and revealing them.
const (
	web1Password     = "demo-web1-root-Kx4!pQ"
	monitorPassword  = "demo-ro-monitor-7781"
	storage2Password = "demo-storage2-root-Vb9#"
)

// seeder runs the demo's requests through the Service, as their users
// would have, on a clock it moves: every rule, audit event and
// notification is the real one. Each user acts from a session of their
// own, which is closed when seeding ends.
type seeder struct {
	st       model.Store
	svc      *model.Service
	at       time.Time
	sessions map[string]*model.Session
	tokens   map[string]string // each session's bearer token, by email
	tickets  map[string]int64
}

// step is one thing a demo user did, ago before now.
type step struct {
	ago time.Duration
	do  func(s *seeder) error
}

// SeedRequests files the demo's support requests and verifications
// (R-TKT-1, R-TKT-2, R-KYC-1) after Seed and EnableTwoFactor: requests in
// every status, with threads between the customers and the staff member,
// some with a sealed server password, one closed recently enough to
// reopen and one not; and a pending verification in each customer's
// account, one with drawn images and one with a PDF, for the staff queues
// (R-STF-1, R-STF-2).
func SeedRequests(ctx context.Context, st model.Store, sealer *seal.Sealer, now time.Time) error {
	s := &seeder{st: st, at: now, sessions: map[string]*model.Session{}, tokens: map[string]string{}, tickets: map[string]int64{}}
	s.svc = model.NewService(model.Config{Store: st, Sealer: sealer, Clock: func() time.Time { return s.at }})
	steps := append(requestSteps(), verificationSteps()...)
	steps = append(steps, step{26 * hour, requestDeactivation(contoso.email)})
	slices.SortStableFunc(steps, func(a, b step) int { return int(b.ago - a.ago) })
	var err error
	for _, st := range steps {
		s.at = now.Add(-st.ago)
		if err = st.do(s); err != nil {
			break
		}
	}
	if cerr := s.close(ctx, now); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("demo requests: %w", err)
	}
	return nil
}

// as is a context signed in as the user with email at the seeder's time.
func (s *seeder) as(email string) (context.Context, error) {
	ctx := context.Background()
	sess, ok := s.sessions[email]
	if ok {
		return model.WithSession(ctx, s.tokens[email]), s.st.ReauthenticateSession(ctx, sess.ID, sess.ID, s.at)
	}
	u, err := s.st.FindUserByEmail(ctx, email)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", email, err)
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	i := len(s.sessions) % len(origins)
	token := hex.EncodeToString(b)
	// The store keeps the session under the hash of its token (R-SES-1).
	sess = &model.Session{ID: model.SessionIDFrom(model.WithSession(ctx, token)), UserID: u.ID, AccountID: u.AccountID, Origin: origins[i], Client: clients[i],
		CreatedAt: s.at, LastActiveAt: s.at, AuthenticatedAt: s.at}
	if err := s.st.CreateSession(ctx, sess); err != nil {
		return nil, err
	}
	s.sessions[email], s.tokens[email] = sess, token
	return model.WithSession(ctx, token), nil
}

// close ends the seeding sessions.
func (s *seeder) close(ctx context.Context, now time.Time) error {
	for _, sess := range s.sessions {
		if err := s.st.CloseSession(ctx, sess.UserID, sess.ID, now, nil); err != nil {
			return err
		}
	}
	return nil
}

// submit has email file request key.
func submit(key, email string, req model.TicketRequest) func(*seeder) error {
	return func(s *seeder) error {
		ctx, err := s.as(email)
		if err != nil {
			return err
		}
		t, err := s.svc.SubmitTicket(ctx, req)
		if err != nil {
			return fmt.Errorf("%q: %w", req.Subject, err)
		}
		s.tickets[key] = t.ID
		return nil
	}
}

// reply has email reply to request key.
func reply(key, email, body string) func(*seeder) error {
	return func(s *seeder) error {
		ctx, err := s.as(email)
		if err != nil {
			return err
		}
		_, err = s.svc.ReplyToTicket(ctx, s.tickets[key], body)
		return err
	}
}

// closeTicket has email close request key.
func closeTicket(key, email string) func(*seeder) error {
	return func(s *seeder) error {
		ctx, err := s.as(email)
		if err != nil {
			return err
		}
		_, err = s.svc.CloseTicket(ctx, s.tickets[key])
		return err
	}
}

// requestDeactivation has the owner with email ask to deactivate their
// account (R-SET-5), for the staff's deactivation reviews (R-STF-3).
//
// It is filed through the store, under the owner's guard, whose rules
// (R-ACC-6, every other user disabled) are checked when it commits: the
// service would first check the demo password, whose argon2id at full
// cost was a third of what seeding the demo took (issue 9: --demo
// start-up). The notice of the request is not queued.
func requestDeactivation(email string) func(*seeder) error {
	return func(s *seeder) error {
		if _, err := s.as(email); err != nil {
			return err
		}
		sess := s.sessions[email]
		u, err := s.st.FindUserByEmail(context.Background(), email)
		if err != nil {
			return err
		}
		r := &model.DeactivationRequest{AccountID: u.AccountID, RequestedBy: u.ID, RequestedByName: u.Name, RequestedByEmail: u.Email,
			RequestedAt: s.at, Status: model.DeactivationPending}
		g := &model.Guard{ActorID: u.ID, AccountID: u.AccountID, SessionID: sess.ID, Action: model.ActionDeactivateAccount}
		audit := &model.AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email, Action: "account.deactivation_requested", Object: "account",
			Detail: "for billing review", Origin: sess.Origin, At: s.at}
		return s.st.RequestDeactivation(context.Background(), g, r, audit)
	}
}

const (
	ada     = "ada@northwind.example"
	charles = "charles@northwind.example"
	grace   = "grace@northwind.example"
	linus   = "linus@northwind.example"
	hour    = time.Hour
)

// requestSteps are the demo's requests: waiting for staff (with a password
// the staff member may reveal, being assigned), waiting for the customer,
// open and unassigned (with a password), closed 3 days ago (reopenable,
// its password purged) and 20 days ago (not), and Contoso's two.
func requestSteps() []step {
	olga := contoso.email
	return []step{
		{6*day + 2*hour, submit("web1", ada, model.TicketRequest{Subject: "Nginx on web1 returns 502 since the upgrade",
			Description: "Since last night's package upgrade every page on web1 answers 502 Bad Gateway.\nThe upstream is PHP-FPM on the same host.\nFull access is fine: the root password is below.",
			Server:      "web1.northwind.example", Access: model.AccessFull, ServerPassword: web1Password})},
		{6 * day, reply("web1", StaffEmail, "Thanks, Ada. I am looking at web1 now.\nCould you tell me which PHP version the upgrade installed?")},
		{5*day + 20*hour, reply("web1", ada, "PHP 8.3. The package replaced our pool configuration in /etc/php/8.3/fpm/pool.d/.")},

		{4 * day, submit("vat", charles, model.TicketRequest{Subject: "Invoice 2026-10 shows our old VAT number",
			Description: "The October invoice still shows GB 123 4567 89. Our VAT number changed in September:\nGB 987 6543 21."})},
		{3*day + 5*hour, reply("vat", StaffEmail, "I have corrected the number for future invoices and issued a credit note for October.\nCan you confirm that GB 987 6543 21 is right before we re-issue the invoice?")},

		{2 * hour, submit("ptr", grace, model.TicketRequest{Subject: "PTR record for 203.0.113.24",
			Description: "Please set the reverse DNS of 203.0.113.24 to mail.northwind.example.\nRead-only access is enough to check the mail server's banner.",
			Server:      "203.0.113.24", Access: model.AccessReadOnly, ServerPassword: monitorPassword})},

		{9 * day, submit("backup", linus, model.TicketRequest{Subject: "Backup job fails on storage2 every night",
			Description: "The 02:00 backup on storage2 exits with 'No space left on device' although the volume is half empty.",
			Server:      "storage2.northwind.example", Access: model.AccessFull, ServerPassword: storage2Password})},
		{8*day + 6*hour, reply("backup", StaffEmail, "The inodes of /var/backups were exhausted by old snapshots. I removed the snapshots older than 30 days;\nplease check tonight's run.")},
		{7*day + 3*hour, reply("backup", linus, "Last night's backup worked. Thank you!")},
		{3 * day, closeTicket("backup", linus)},

		{25 * day, submit("plan", ada, model.TicketRequest{Subject: "Upgrade to the 32 GB plan",
			Description: "We would like to move web2 to the 32 GB plan at the end of the month."})},
		{24 * day, reply("plan", StaffEmail, "Done: web2 moves to the 32 GB plan on the 30th at 22:00 UTC, with about 5 minutes of downtime.")},
		{20 * day, closeTicket("plan", ada)},

		{3 * day, submit("ipv6", olga, model.TicketRequest{Subject: "Console unreachable over IPv6",
			Description: "The web console answers over IPv4 but times out over IPv6 from our office.",
			Server:      "2001:db8::25", Access: model.AccessReadOnly})},
		{2 * day, reply("ipv6", StaffEmail, "Could you send a traceroute over IPv6 from the office to 2001:db8::25?")},
		{1 * day, reply("ipv6", olga, "traceroute6 to 2001:db8::25\n 1  2001:db8:100::1  0.4 ms\n 2  * * *\n 3  * * *")},
		{20 * hour, submit("ssl", olga, model.TicketRequest{Subject: "SSL certificate renewal failed for contoso.example",
			Description: "The automatic renewal of the certificate for contoso.example failed with a DNS-01 challenge error."})},
	}
}

// verificationSteps are the demo's two pending verifications: Northwind's
// passport and selfie as drawn images, Contoso's residence permit as a
// two-page PDF with a drawn selfie.
func verificationSteps() []step {
	return []step{
		{2 * day, verify(contoso.email, model.DocResidencePermit, "permit-scan.pdf", permitPDF)},
		{1 * day, verify(ada, model.DocPassport, "passport.png", passportPNG)},
	}
}

// verify has email start a verification with doc, give the document (named
// name, drawn by draw) and a selfie, and send it.
func verify(email string, doc model.DocumentType, name string, draw func() ([]byte, error)) func(*seeder) error {
	return func(s *seeder) error {
		ctx, err := s.as(email)
		if err != nil {
			return err
		}
		if _, err := s.svc.StartVerification(ctx, doc); err != nil {
			return err
		}
		document, err := draw()
		if err != nil {
			return err
		}
		selfie, err := selfiePNG()
		if err != nil {
			return err
		}
		if _, err := s.svc.AttachVerificationFile(ctx, model.KYCDocument, name, bytes.NewReader(document)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, err := s.svc.AttachVerificationFile(ctx, model.KYCSelfie, "selfie.png", bytes.NewReader(selfie)); err != nil {
			return fmt.Errorf("selfie: %w", err)
		}
		_, err = s.svc.SubmitVerification(ctx)
		return err
	}
}
