package gorm_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/egg-go/egg/contrib/gorm"
	"go.uber.org/fx"
)

// CRUD and both association directions through real HTTP, on every
// backend: User hasMany Post, Post belongsTo User.
func TestCRUDAndAssociations(t *testing.T) {
	eachBackend(t, func(t *testing.T, db fx.Option) {
		reg, srv := serve(t, gorm.Module, db, blog)

		status, body := call(t, srv, "POST", "/users", `{"name":"ann","titles":["first","second"]}`)
		if status != http.StatusCreated {
			t.Fatalf("create user: %d %s", status, body)
		}
		var u User
		if err := json.Unmarshal([]byte(body), &u); err != nil || u.ID == 0 || len(u.Posts) != 2 || u.Posts[0].UserID != u.ID {
			t.Fatalf("created user = %+v (%v), want an id and two posts pointing at it", u, err)
		}
		uid := strconv.Itoa(int(u.ID))

		status, body = call(t, srv, "POST", "/users/"+uid+"/posts?title=third", "")
		if status != http.StatusCreated {
			t.Fatalf("create post: %d %s", status, body)
		}

		// has many: the user with its posts, in order
		status, body = call(t, srv, "GET", "/users/"+uid, "")
		var got User
		if err := json.Unmarshal([]byte(body), &got); status != http.StatusOK || err != nil {
			t.Fatalf("show user: %d %s", status, body)
		}
		var titles []string
		for _, p := range got.Posts {
			titles = append(titles, p.Title)
		}
		if want := `["first","second","third"]`; mustJSON(titles) != want {
			t.Fatalf("user's posts = %s, want %s", mustJSON(titles), want)
		}

		// belongs to: a post with its user
		pid := strconv.Itoa(int(got.Posts[2].ID))
		status, body = call(t, srv, "GET", "/posts/"+pid, "")
		var p Post
		if err := json.Unmarshal([]byte(body), &p); status != http.StatusOK || err != nil || p.User == nil || p.User.Name != "ann" {
			t.Fatalf("show post: %d %s, want its user ann", status, body)
		}

		// update and delete through the registry, outside requests
		ctx := t.Context()
		if err := reg.DB().WithContext(ctx).Model(&User{}).Where("id = ?", u.ID).Update("name", "anne").Error; err != nil {
			t.Fatal(err)
		}
		var renamed User
		if err := reg.DB().WithContext(ctx).First(&renamed, u.ID).Error; err != nil || renamed.Name != "anne" {
			t.Fatalf("after update: %+v, %v", renamed, err)
		}
		// the foreign key holds on every backend (SQLite too: foreign_keys on)
		if err := reg.DB().WithContext(ctx).Delete(&User{}, u.ID).Error; err == nil {
			t.Fatal("deleting a user with posts succeeded; want a foreign key violation")
		}
		if err := reg.DB().WithContext(ctx).Where("user_id = ?", u.ID).Delete(&Post{}).Error; err != nil {
			t.Fatal(err)
		}
		if err := reg.DB().WithContext(ctx).Delete(&User{}, u.ID).Error; err != nil {
			t.Fatal(err)
		}
		if n := count(t, reg, &User{}); n != 0 {
			t.Fatalf("%d users after delete, want 0", n)
		}

		// bad input is a 4xx, never a 500
		for _, tc := range []struct {
			method, path, body string
			want               int
		}{
			{"GET", "/users/999999", "", http.StatusNotFound},
			{"GET", "/posts/999999", "", http.StatusNotFound},
			{"POST", "/users", `{"name":`, http.StatusBadRequest},
			{"POST", "/users/abc/posts?title=x", "", http.StatusBadRequest},
		} {
			if status, body := call(t, srv, tc.method, tc.path, tc.body); status != tc.want {
				t.Errorf("%s %s: %d %s, want %d", tc.method, tc.path, status, body, tc.want)
			}
		}
		// a duplicate name is gorm.ErrDuplicatedKey on every backend (TranslateError)
		call(t, srv, "POST", "/users", `{"name":"bob"}`)
		if status, body := call(t, srv, "POST", "/users", `{"name":"bob"}`); status != http.StatusConflict {
			t.Errorf("duplicate name: %d %s, want 409", status, body)
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
