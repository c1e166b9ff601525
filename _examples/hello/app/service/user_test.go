package service_test

import (
	"errors"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app/service"
	"github.com/egg-go/egg/eggtest"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// A service test needs no HTTP: start just the service module and use an
// anonymous context (Egg's app.mockContext).
func TestUserServiceWithAnAnonymousContext(t *testing.T) {
	app := eggtest.New(t, service.Module)
	c := app.Ctx()
	users := egg.Use[*service.UserService](c)
	if users != egg.Use[*service.UserService](c) {
		t.Error("one context built two UserServices; want one per scope")
	}
	if users == egg.Use[*service.UserService](app.Ctx()) {
		t.Error("two contexts share a UserService; want one each")
	}

	carol := users.Create(service.UserInput{Name: "carol", Age: 41})
	if carol != (service.User{ID: 1, Name: "carol", Age: 41}) {
		t.Errorf("Create = %+v", carol)
	}
	app.ExpectLog(`msg="user created" logger=app req.id=`)

	if got, err := users.Find(1); err != nil || got != carol {
		t.Errorf("Find(1) = %+v, %v", got, err)
	}
	if got, err := users.Update(1, service.UserInput{Name: "caroline", Age: 42}); err != nil || got.Name != "caroline" {
		t.Errorf("Update(1) = %+v, %v", got, err)
	}
	if err := users.Delete(1); err != nil {
		t.Errorf("Delete(1) = %v", err)
	}
	if got := users.List(); len(got) != 0 {
		t.Errorf("List() after Delete = %+v", got)
	}
}

func TestUserServiceNotFound(t *testing.T) {
	app := eggtest.New(t, service.Module)
	users := egg.Use[*service.UserService](app.Ctx())
	_, findErr := users.Find(7)
	_, updateErr := users.Update(7, service.UserInput{Name: "x"})
	deleteErr := users.Delete(7)
	for name, err := range map[string]error{"Find": findErr, "Update": updateErr, "Delete": deleteErr} {
		var e *egg.Error
		if !errors.As(err, &e) || e.Status != 404 || e.Code != "not_found" || e.Message != "user 7 not found" {
			t.Errorf("%s(7) = %v, want egg's 404 not_found \"user 7 not found\"", name, err)
		}
	}
}
