package schedule

import "time"

// EventKind says what a RunEvent reports.
type EventKind string

const (
	// RunStarted fires when a task starts.
	RunStarted EventKind = "start"
	// RunEnded fires when a task returns or panics; Err tells which.
	RunEnded EventKind = "end"
	// RunSkipped fires when a tick does not run here; Reason says why.
	RunSkipped EventKind = "skipped"
)

// Trigger says what started a run.
type Trigger string

const (
	// Tick is a run at one of the schedule's ticks.
	Tick Trigger = "tick"
	// Ready is the Immediate run when the app becomes ready.
	Ready Trigger = "ready"
	// Manual is a run through Scheduler.RunNow.
	Manual Trigger = "manual"
)

// SkipReason says why a tick did not run on this instance.
type SkipReason string

const (
	// Overlap: the previous run of the schedule was still going here and
	// the schedule does not AllowOverlap.
	Overlap SkipReason = "overlap"
	// Locked: another instance (or scheduler) claimed the tick first.
	Locked SkipReason = "locked"
	// LockFailed: the Locker returned an error, so nobody here knows who
	// runs the tick; it is skipped rather than risk a double run.
	LockFailed SkipReason = "lock failed"
	// Stopping: the tick came while the scheduler was stopping.
	Stopping SkipReason = "stopping"
)

// RunEvent is one event of a schedule run, for metrics and tests. Hooks
// registered with OnRun receive every event, synchronously, on the run's
// goroutine: keep them quick.
type RunEvent struct {
	Kind     EventKind
	Schedule string
	// RunID identifies the run; it is also the request id of the task's
	// context, so the task's log lines and outbound calls carry it.
	// Empty for skipped ticks.
	RunID   string
	Trigger Trigger
	// Tick is the tick the run is for; for Ready and Manual runs, when
	// they were triggered.
	Tick time.Time
	// Start is when the task started (RunStarted, RunEnded).
	Start time.Time
	// Duration is how long the task ran (RunEnded).
	Duration time.Duration
	// Err is the task's error, or an *egg.PanicError when it panicked
	// (RunEnded); the locker's error (RunSkipped with LockFailed).
	Err error
	// Reason says why a tick was skipped (RunSkipped).
	Reason SkipReason
}
