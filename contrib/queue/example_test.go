package queue_test

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/riverqueue/river"
)

type welcomeArgs struct {
	UserID int64 `json:"user_id"`
}

func (welcomeArgs) Kind() string { return "welcome_email" }

// A module registers a typed worker; a handler enqueues a job.
func Example() {
	mail := egg.Module("mail",
		queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[welcomeArgs]) error {
			c.Logger().Info("sending welcome mail", "user", job.Args.UserID)
			return nil
		})),
		egg.Routes(func(r *egg.Router) {
			r.Post("/signup", func(c *egg.Ctx) error {
				_, err := queue.Insert(c, welcomeArgs{UserID: 1}, nil)
				return err
			})
		}),
	)
	_ = egg.Options(queue.Module, mail) // pass these to egg.Run in main
}
