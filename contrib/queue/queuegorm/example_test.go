package queuegorm_test

import (
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/contrib/queue/queuegorm"
	"github.com/riverqueue/river"
)

type invoice struct {
	ID    uint
	Total int
}

type sendInvoiceArgs struct {
	InvoiceID uint `json:"invoice_id"`
}

func (sendInvoiceArgs) Kind() string { return "send_invoice" }

// A handler writes a row and enqueues its job in the request's
// transaction: both commit, or neither exists.
func ExampleInsert() {
	billing := egg.Module("billing",
		gorm.Models(&invoice{}),
		queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[sendInvoiceArgs]) error {
			var inv invoice // committed with the job: it is there
			return gorm.DB(c).First(&inv, job.Args.InvoiceID).Error
		})),
		egg.Routes(func(r *egg.Router) {
			r.With(gorm.Transactional()).Post("/invoices", func(c *egg.Ctx) error {
				inv := invoice{Total: 42}
				if err := gorm.DB(c).Create(&inv).Error; err != nil {
					return err
				}
				if _, err := queuegorm.Insert(c, sendInvoiceArgs{InvoiceID: inv.ID}, nil); err != nil {
					return err
				}
				return c.JSON(http.StatusCreated, inv)
			})
		}),
	)
	// GORM_DSN and QUEUE_URL name one SQLite file, or one PostgreSQL database
	_ = egg.Options(gorm.Module, queue.Module, billing) // pass these to egg.Run in main
}
