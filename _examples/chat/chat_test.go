package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// TestModuleGraph: the app wires in every env, without starting.
func TestModuleGraph(t *testing.T) {
	for _, env := range []string{"local", "unittest", "prod"} {
		t.Run(env, func(t *testing.T) {
			eggtest.ValidateApp(t, append(options(), egg.Env(env))...)
		})
	}
}

// TestPage: GET / is the chat page, loading the client script from this
// server; the script and the client are served.
func TestPage(t *testing.T) {
	app := eggtest.New(t, options()...)
	page := app.GET("/").Do().Status(http.StatusOK).Header("Content-Type", "text/html; charset=utf-8").Body()
	for _, want := range []string{`<script src="/socket.io/socket.io.js"></script>`, `<script src="/chat.js"></script>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("the page must load nothing from elsewhere")
	}
	app.GET("/chat.js").Do().Status(http.StatusOK).Header("Content-Type", "text/javascript; charset=utf-8")
	app.GET("/socket.io/socket.io.js").Do().Status(http.StatusOK)
	app.GET("/stats").Do().Status(http.StatusOK).JSONEquals(`{"connects":0,"refused":0,"disconnects":0,"events":0,"trace":{}}`)
}
