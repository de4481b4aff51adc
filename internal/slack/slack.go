// Package slack makes Slack a full way to use latch: it posts each request
// to the approvals channel and keeps that message in step with the request,
// takes approvals, denials and relinquishments from its buttons with the
// same authorization as every other path, keeps the message's thread as the
// request's discussion, tells requesters what happened by direct message,
// answers the /latch command, and keeps the approvers' user group in step.
//
// Every call to Slack runs in a durable job, enqueued in the transaction of
// the change that needs it, so Slack being slow or down never holds up or
// loses a change; the HTTP endpoints only verify, record and enqueue.
package slack

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/slack-go/slack"

	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/store"
)

// Options are the parts tests replace.
type Options struct {
	// APIURL is the Slack Web API's base URL, ending in "/";
	// https://slack.com/api/ by default.
	APIURL string
	// HTTPClient makes the Web API calls; a client with a 10s timeout by
	// default.
	HTTPClient *http.Client
	// Now is the clock; time.Now by default.
	Now func() time.Time
}

// newAPI is the Web API client for sc.
func newAPI(sc *config.Slack, opts Options) *slack.Client {
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	apiOpts := []slack.Option{slack.OptionHTTPClient(opts.HTTPClient)}
	if opts.APIURL != "" {
		u := opts.APIURL
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		apiOpts = append(apiOpts, slack.OptionAPIURL(u))
	}
	return slack.New(sc.BotToken.Reveal(), apiOpts...)
}

// ApproversWithoutSlack asks the workspace for each configured approver by
// email and returns those it has no account for: they cannot be in the
// approver group nor be mentioned, so they would never hear of a request.
func ApproversWithoutSlack(ctx context.Context, cfg *config.Config, opts Options) ([]string, error) {
	p := &Plugin{cfg: cfg, sc: cfg.Slack, api: newAPI(cfg.Slack, opts)}
	p.people.init(time.Now)
	var missing []string
	for _, email := range p.approverEmails() {
		id, err := p.slackUser(ctx, email)
		if err != nil {
			return nil, err
		}
		if id == "" {
			missing = append(missing, email)
		}
	}
	return missing, nil
}

// Plugin is latch's Slack app. Build it with New, hand it to the lifecycle
// as a plugin, then Bind the lifecycle service to it.
type Plugin struct {
	cfg   *config.Config
	sc    *config.Slack
	api   *slack.Client
	store *store.Store
	log   *slog.Logger
	now   func() time.Time

	// svc is set by Bind, once the service that runs this plugin exists.
	svc *lifecycle.Service
	// inserter adds jobs inside transactions that the lifecycle does not
	// open: an event's delivery is marked seen in the transaction that
	// queues its handling.
	inserter *river.Client[*sql.Tx]

	people  people
	batch   batcher
	teamMu  sync.Mutex
	team    string // latch's own workspace; set by workspace
	groupMu sync.Mutex
	group   groupState
}

// New builds the plugin for cfg, whose Slack section must be set.
func New(cfg *config.Config, st *store.Store, log *slog.Logger, opts Options) (*Plugin, error) {
	if cfg.Slack == nil {
		return nil, fmt.Errorf("slack: not configured")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	ins, err := river.NewClient(st.JobDriver(), &river.Config{
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return nil, fmt.Errorf("slack: job inserter: %w", err)
	}
	p := &Plugin{
		cfg:      cfg,
		sc:       cfg.Slack,
		api:      newAPI(cfg.Slack, opts),
		store:    st,
		log:      log.With("component", "slack"),
		now:      opts.Now,
		inserter: ins,
	}
	p.people.init(p.now)
	p.batch.p = p
	return p, nil
}

// Bind gives the plugin the service it acts through. Call it before the
// service starts its jobs or the routes take calls.
func (p *Plugin) Bind(svc *lifecycle.Service) { p.svc = svc }

// Start queues the approver group's sync, which also reports approvers who
// have no Slack account.
func (p *Plugin) Start(ctx context.Context) error {
	if err := p.svc.Enqueue(ctx, syncArgs{Config: p.approverKey()}, time.Time{}); err != nil {
		return fmt.Errorf("slack: queue approver sync: %w", err)
	}
	return nil
}

// AddWorkers registers the Slack jobs.
func (p *Plugin) AddWorkers(w *river.Workers) {
	river.AddWorker(w, &messageWorker{p: p})
	river.AddWorker(w, &dmWorker{p: p})
	river.AddWorker(w, &reminderWorker{p: p})
	river.AddWorker(w, &threadWorker{p: p})
	river.AddWorker(w, &actionWorker{p: p})
	river.AddWorker(w, &replyWorker{p: p})
	river.AddWorker(w, &syncWorker{p: p})
}

// Register adds Slack's three endpoints to mux. Each checks the request's
// signature on the raw body before anything else.
func (p *Plugin) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /slack/interactions", p.interactions)
	mux.HandleFunc("POST /slack/events", p.events)
	mux.HandleFunc("POST /slack/commands", p.command)
}
