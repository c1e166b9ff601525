// Package schedule is Egg's app/schedule for the site: its timed tasks,
// each registered with the schedule module (modules/schedule) as Egg
// finds app/schedule/*.js.
package schedule

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/egg-go/egg"
	eggschedule "github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

// Module registers the site's schedules.
var Module = egg.Module("site.schedule",
	fx.Provide(NewHeartbeat),
	eggschedule.Register(HeartbeatSchedule),
)

// HeartbeatName is the heartbeat schedule's name, in logs, lock keys and
// Scheduler.RunNow.
const HeartbeatName = "heartbeat"

// Pulse receives each heartbeat after it is logged, with the beat's
// number in this process. It is the seam for state shared between
// instances: with contrib/redis, the site provides one that INCRs the
// Redis key "site:heartbeat" when REDIS_URL is set. Without one (today),
// the heartbeat only logs.
type Pulse interface {
	Beat(ctx context.Context, count int64) error
}

// Heartbeat counts and logs the beats of this process.
type Heartbeat struct {
	count atomic.Int64
	pulse Pulse // nil when no module provides one
}

// HeartbeatIn is what NewHeartbeat takes from the app: a Pulse, if any
// module provides one.
type HeartbeatIn struct {
	fx.In
	Pulse Pulse `optional:"true"`
}

// NewHeartbeat returns the heartbeat, with the app's Pulse if it has one.
func NewHeartbeat(in HeartbeatIn) *Heartbeat { return &Heartbeat{pulse: in.Pulse} }

// Count returns how many beats this process has run.
func (h *Heartbeat) Count() int64 { return h.count.Load() }

// Beat is the task: it logs "heartbeat" at info with count=N, N counting
// the beats of this process from 1, then hands the beat to the Pulse.
func (h *Heartbeat) Beat(c *egg.Ctx) error {
	n := h.count.Add(1)
	c.Logger().Info("heartbeat", "count", n)
	if h.pulse != nil {
		return h.pulse.Beat(c, n)
	}
	return nil
}

// HeartbeatSchedule is Egg's app/schedule/heartbeat.js: every second, on
// one instance per tick (type worker), and once as soon as the app is
// ready (immediate).
func HeartbeatSchedule(h *Heartbeat) eggschedule.Schedule {
	return eggschedule.Schedule{
		Name:      HeartbeatName,
		Interval:  time.Second,
		Type:      eggschedule.Worker,
		Immediate: true,
		Task:      h.Beat,
	}
}
