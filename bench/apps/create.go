package apps

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/egg-go/egg"
	"github.com/go-playground/validator/v10"
)

// NewUser is the JSON body of POST /users. Both apps decode and validate
// it with the same tags: the egg app through Ctx.Bind (module
// bodyparser), the chi app by hand with encoding/json and
// go-playground/validator.
type NewUser struct {
	Name  string `json:"name" validate:"required,min=2,max=64"`
	Email string `json:"email" validate:"required,email"`
	Age   int    `json:"age" validate:"gte=13,lte=150"`
}

// Created is the answer of POST /users: 201 and the new user with its id.
type Created struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Age   int    `json:"age"`
}

// CreateBody is a valid request body for POST /users, and CreatedBody the
// answer the first create of an app gives to it.
const (
	CreateBody  = `{"name":"Ada Lovelace","email":"ada@example.com","age":36}`
	CreatedBody = `{"id":1,"name":"Ada Lovelace","email":"ada@example.com","age":36}`
)

// maxBody is the largest body either app reads: bodyparser's default JSON
// limit, 1 MiB.
const maxBody = 1 << 20

// userIDs numbers created users; each app has its own.
type userIDs struct{ n atomic.Int64 }

func (ids *userIDs) created(in NewUser) Created {
	return Created{ID: ids.n.Add(1), Name: in.Name, Email: in.Email, Age: in.Age}
}

// chiCreate is POST /users written by hand on chi: check the content
// type, read at most maxBody bytes, json.Unmarshal, validate, answer 201.
// Client mistakes get 415, 413, 400 or 422 as plain text.
func chiCreate() http.HandlerFunc {
	valid := validator.New(validator.WithRequiredStructEnabled())
	ids := &userIDs{}
	return func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			http.Error(w, "send application/json", http.StatusUnsupportedMediaType)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			http.Error(w, "could not read the body", http.StatusBadRequest)
			return
		}
		if len(body) > maxBody {
			http.Error(w, "body over 1 MiB", http.StatusRequestEntityTooLarge)
			return
		}
		var in NewUser
		if err := json.Unmarshal(body, &in); err != nil {
			http.Error(w, "malformed JSON: "+err.Error(), http.StatusBadRequest)
			return
		}
		if err := valid.Struct(&in); err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		out, err := json.Marshal(ids.created(in))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(out)
	}
}

// eggCreate is POST /users on egg: Ctx.Bind decodes and validates (400,
// 413, 415 and 422 rendered by onerror), Ctx.JSON answers 201.
func eggCreate() egg.HandlerFunc {
	ids := &userIDs{}
	return func(c *egg.Ctx) error {
		var in NewUser
		if err := c.Bind(&in); err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, ids.created(in))
	}
}
