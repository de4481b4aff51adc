// Package lifecycle carries requests through their statuses: it validates
// and authorizes every change, writes it with its event and the jobs it needs
// in one transaction, and runs those jobs (provisioning, removal at the end,
// pending time-outs) through a durable queue in the store.
package lifecycle

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/directory"
	"github.com/latchhq/latch/internal/integration"
	"github.com/latchhq/latch/internal/policy"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// Service is the one place where requests change.
type Service struct {
	cfg          *config.Config
	store        *store.Store
	dir          *directory.Directory
	integrations *integration.Registry
	jobs         *river.Client[*sql.Tx]
	log          *slog.Logger
	plugins      []Plugin
	now          func() time.Time
	newID        func() string
	// sweepEvery is how often pending requests are checked for time-outs;
	// stopSweep and swept end the sweep.
	sweepEvery time.Duration
	// orphanAfter is how long a grant or removal may go without a job
	// before the sweep queues one again.
	orphanAfter time.Duration
	stopSweep   context.CancelFunc
	swept       chan struct{}
}

// Options are the parts tests replace.
type Options struct {
	// Now is the clock; time.Now by default.
	Now func() time.Time
	// NewID makes request ids; random by default.
	NewID func() string
	// PollInterval is how often idle job workers look for work; 100ms by
	// default.
	PollInterval time.Duration
	// SweepInterval is how often pending requests past their approvable
	// window are timed out and grants whose time is up are claimed for
	// removal; 250ms by default.
	SweepInterval time.Duration
	// OrphanAfter is how long a request being granted or removed may go
	// unchanged with no job to finish it before the sweep queues one again;
	// two minutes by default.
	OrphanAfter time.Duration
	// Plugins hear of every event and run jobs of their own.
	Plugins []Plugin
}

// New builds the service and its job queue client. Call Start to run jobs.
func New(cfg *config.Config, st *store.Store, reg *integration.Registry,
	log *slog.Logger, opts Options) (*Service, error) {
	s := &Service{
		cfg:          cfg,
		store:        st,
		dir:          directory.New(cfg),
		integrations: reg,
		log:          log,
		plugins:      opts.Plugins,
		now:          opts.Now,
		newID:        opts.NewID,
		sweepEvery:   opts.SweepInterval,
		orphanAfter:  opts.OrphanAfter,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.newID == nil {
		s.newID = NewID
	}
	if s.sweepEvery <= 0 {
		s.sweepEvery = 250 * time.Millisecond
	}
	if s.orphanAfter <= 0 {
		s.orphanAfter = 2 * time.Minute
	}
	poll := opts.PollInterval
	if poll == 0 {
		poll = 100 * time.Millisecond
	}

	workers := river.NewWorkers()
	river.AddWorker(workers, &provisionWorker{s: s})
	river.AddWorker(workers, &expireWorker{s: s})
	river.AddWorker(workers, &removeWorker{s: s})
	river.AddWorker(workers, &removeBatchWorker{s: s})
	river.AddWorker(workers, &timeoutWorker{s: s})
	for _, p := range s.plugins {
		p.AddWorkers(workers)
	}
	jobs, err := river.NewClient(st.JobDriver(), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 20}},
		Workers:           workers,
		FetchPollInterval: poll,
		FetchCooldown:     poll / 5,
		PollOnly:          true,
		MaxAttempts:       cfg.Jobs.MaxAttempts,
		RetryPolicy: &backoff{
			base: time.Duration(cfg.Jobs.RetryBase), max: time.Duration(cfg.Jobs.RetryMax),
		},
		JobTimeout:           jobTimeout(s.slowestCall()),
		RescueStuckJobsAfter: rescueAfter(s.slowestCall()),
		Logger:               slog.New(quieter{log.Handler(), slog.LevelWarn}).With("component", "jobs"),
	})
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	s.jobs = jobs
	return s, nil
}

// Start runs the job workers and the time-out sweep until Stop. Jobs keep
// running when ctx ends: Stop lets them finish.
func (s *Service) Start(ctx context.Context) error {
	if err := s.jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	sweepCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s.stopSweep, s.swept = stop, make(chan struct{})
	go s.sweep(sweepCtx, s.sweepEvery, s.swept)
	return nil
}

// Stop ends the sweep and lets running jobs finish, up to ctx's deadline.
func (s *Service) Stop(ctx context.Context) error {
	if s.stopSweep != nil {
		s.stopSweep()
		<-s.swept
	}
	err := s.jobs.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return s.jobs.StopAndCancel(context.Background())
	}
	return err
}

// Directory is the directory the service decides with.
func (s *Service) Directory() *directory.Directory { return s.dir }

// Integrations are the configured target systems.
func (s *Service) Integrations() *integration.Registry { return s.integrations }

// Config is the configuration the service runs with.
func (s *Service) Config() *config.Config { return s.cfg }

func (s *Service) rules() policy.Rules {
	return policy.Rules{
		AllowOneParty: s.cfg.Approvals.AllowOneParty,
		RequireReason: s.cfg.Approvals.RequireReason,
	}
}

// NewID returns a short request id that people can read aloud and type:
// ten characters of lower-case Crockford base32 (50 random bits).
func NewID() string {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	var b [10]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[b[i]&31]
	}
	return string(b[:])
}

// Actor is who is changing a request, and through which path.
type Actor struct {
	Person policy.Person
	Source request.Source
}

// change writes one status change of r: the row (if nobody changed it since
// it was read), its event, and any job it needs, in one transaction. When the
// row changed meanwhile it returns the request's current state as a conflict.
func (s *Service) change(ctx context.Context, r *request.Request, e request.Event,
	enqueue func(ctx context.Context, tx *sql.Tx) error) error {
	if e.FromStatus != e.ToStatus && !request.CanMove(e.FromStatus, e.ToStatus) {
		return fmt.Errorf("request %s: no move from %s to %s", r.ID, e.FromStatus, e.ToStatus)
	}
	r.UpdatedAt = e.At
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		e.RequestID = r.ID
		if err := tx.AddEvent(ctx, &e); err != nil {
			return err
		}
		if enqueue != nil {
			if err := enqueue(ctx, tx.SQL()); err != nil {
				return err
			}
		}
		return s.recorded(ctx, tx.SQL(), *r, e)
	})
	if errors.Is(err, store.ErrStale) {
		cur, gerr := s.store.GetRequest(ctx, r.ID)
		if gerr != nil {
			return gerr
		}
		*r = cur
		return request.Conflict(cur)
	}
	return err
}

// load reads a request and checks that actor may take action on it. A
// request the actor may not even see is reported as not found.
func (s *Service) load(ctx context.Context, a Actor, id string,
	action policy.Action) (request.Request, error) {
	r, err := s.store.GetRequest(ctx, id)
	if err != nil {
		return r, err
	}
	if policy.Decide(a.Person, policy.View, r, s.rules()) != nil {
		return r, request.NotFound(id)
	}
	if err := policy.Decide(a.Person, action, r, s.rules()); err != nil {
		return r, err
	}
	return r, nil
}

// expect returns a conflict unless r is in one of the statuses.
func expect(r request.Request, statuses ...request.Status) error {
	for _, st := range statuses {
		if r.Status == st {
			return nil
		}
	}
	return request.Conflict(r)
}

// addEvent appends an event that changes no status to r's history.
func (s *Service) addEvent(ctx context.Context, r request.Request, e *request.Event) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddEvent(ctx, e); err != nil {
			return err
		}
		return s.recorded(ctx, tx.SQL(), r, *e)
	})
}
