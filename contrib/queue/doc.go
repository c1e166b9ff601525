// Package queue is egg's job queue (Egg's egg-bull) on River
// (github.com/riverqueue/river): typed jobs kept in SQLite (one process,
// the default) or PostgreSQL (many instances), inserted from handlers,
// optionally in the caller's database transaction, and worked with an
// anonymous egg context.
//
// A job is an args struct with a Kind and a worker for it:
//
//	type WelcomeArgs struct{ UserID int64 `json:"user_id"` }
//
//	func (WelcomeArgs) Kind() string { return "welcome_email" }
//
//	var Module = egg.Module("mail",
//		queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[WelcomeArgs]) error {
//			c.Logger().Info("welcome", "user", job.Args.UserID)
//			return nil
//		})),
//	)
//
// and a handler enqueues one with queue.Insert(c, WelcomeArgs{UserID: 1}, nil).
//
// Retries with backoff, unique jobs (InsertOpts.UniqueOpts), scheduled
// jobs (InsertOpts.ScheduledAt), queues and their concurrency
// (Config.Queues) are River's. Each attempt runs in its own
// egg.App.NewContext whose request id is "job:<kind>:<id>", so
// c.Logger() lines carry both; request-scoped services work as in a
// request.
//
// Stopping: BeforeClose stops fetching, waits for running jobs up to
// egg.ServerConfig.ShutdownTimeout, then cancels their context; a job cut
// off this way, or lost with a crashed instance, is retried (the latter
// after Config.RescueStuckJobsAfter) by any instance.
//
// Package queuegorm enqueues in the request's GORM transaction
// (contrib/gorm): the job commits with the rows, or neither exists.
// Package queuetest works enqueued jobs inline in tests or asserts they
// were enqueued.
package queue
