package controller

import (
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/config"
	"github.com/egg-go/egg/modules/httpclient"
)

// Quote is what GET /api/quote answers: one quote from the outbound API.
type Quote struct {
	Content string `json:"content"`
	Author  string `json:"author"`
}

// Quotes calls an outbound API through the app's httpclient (Egg's
// app.curl): named timeouts, the request id forwarded, one debug line per
// call. Tests intercept the call with httpclienttest.
type Quotes struct {
	client *httpclient.Client
	url    string
}

// NewQuotes takes the app's client and the configured API address.
func NewQuotes(client *httpclient.Client, cfg config.Config) *Quotes {
	return &Quotes{client: client, url: cfg.QuoteURL}
}

// Random answers GET /api/quote with a quote from Config.QuoteURL; an
// upstream that fails or answers nonsense is a 502 naming the upstream.
func (q *Quotes) Random(c *egg.Ctx) error {
	var out Quote
	if err := q.client.GetJSON(c, q.url, &out); err != nil {
		return &egg.Error{Status: http.StatusBadGateway, Code: "upstream_failed",
			Message: "the quote service did not answer usefully", Err: err}
	}
	if out.Content == "" {
		return egg.NewError(http.StatusBadGateway, "upstream_failed", "the quote service sent no quote")
	}
	return c.JSON(http.StatusOK, out)
}
