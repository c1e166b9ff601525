package egg_test

import (
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Modules share one fx scope unless their own fx options need one: these
// are the fx semantics that sharing must not change.

type scopeStore struct{ name string }

type scopeSecret struct{}

func TestModuleScopesKeepFxSemantics(t *testing.T) {
	t.Run("fx.Decorate acts only inside its module", func(t *testing.T) {
		var inA, inB, atRoot string
		start(t,
			fx.Provide(func() *scopeStore { return &scopeStore{"plain"} }),
			egg.Module("a",
				fx.Decorate(func(*scopeStore) *scopeStore { return &scopeStore{"decorated"} }),
				fx.Invoke(func(s *scopeStore) { inA = s.name })),
			egg.Module("b", fx.Invoke(func(s *scopeStore) { inB = s.name })),
			fx.Invoke(func(s *scopeStore) { atRoot = s.name }),
		)
		if inA != "decorated" || inB != "plain" || atRoot != "plain" {
			t.Errorf("module a saw %q, module b %q, the app %q; want decorated, plain, plain", inA, inB, atRoot)
		}
	})
	t.Run("fx.Private hides a provide from other modules", func(t *testing.T) {
		used := false
		start(t, egg.Module("a",
			fx.Provide(fx.Private, func() *scopeSecret { return &scopeSecret{} }),
			fx.Invoke(func(*scopeSecret) { used = true })))
		if !used {
			t.Error("module a cannot use its own private provide")
		}
		err := newErr(t,
			egg.Module("a", fx.Provide(fx.Private, func() *scopeSecret { return &scopeSecret{} })),
			egg.Module("b", fx.Invoke(func(*scopeSecret) {})))
		mustContain(t, err.Error(), "egg: nothing provides *egg_test.scopeSecret")
	})
	t.Run("fx.Supply with fx.Private too", func(t *testing.T) {
		err := newErr(t,
			egg.Module("a", fx.Supply(fx.Private, &scopeSecret{})),
			egg.Module("b", fx.Invoke(func(*scopeSecret) {})))
		mustContain(t, err.Error(), "egg: nothing provides *egg_test.scopeSecret")
	})
	t.Run("fx.Replace acts only inside its module", func(t *testing.T) {
		var inA, inB string
		start(t,
			fx.Provide(func() *scopeStore { return &scopeStore{"plain"} }),
			egg.Module("a", fx.Replace(&scopeStore{"replaced"}), fx.Invoke(func(s *scopeStore) { inA = s.name })),
			egg.Module("b", fx.Invoke(func(s *scopeStore) { inB = s.name })),
		)
		if inA != "replaced" || inB != "plain" {
			t.Errorf("module a saw %q, module b %q; want replaced, plain", inA, inB)
		}
	})
	t.Run("two modules may decorate the same type", func(t *testing.T) {
		var got []string
		start(t,
			fx.Provide(func() *scopeStore { return &scopeStore{"plain"} }),
			egg.Module("a", fx.Decorate(func(s *scopeStore) *scopeStore { return &scopeStore{"a"} }),
				fx.Invoke(func(s *scopeStore) { got = append(got, s.name) })),
			egg.Module("b", fx.Decorate(func(s *scopeStore) *scopeStore { return &scopeStore{"b"} }),
				fx.Invoke(func(s *scopeStore) { got = append(got, s.name) })),
		)
		if strings.Join(got, ",") != "a,b" {
			t.Errorf("got %q", got)
		}
	})
}

func TestInvokesRunInLoadOrderAcrossScopes(t *testing.T) {
	var got []string
	note := func(s string) fx.Option { return fx.Invoke(func() { got = append(got, s) }) }
	start(t,
		egg.Module("a", note("a")),
		// b needs a scope of its own (fx.Decorate); a nested fx.Module runs
		// its invokes before its parent module's, as in fx
		egg.Module("b", fx.Decorate(func(s *scopeStore) *scopeStore { return s }), note("b"),
			fx.Module("inner", note("b.inner"))),
		egg.Module("c", note("c"), egg.Requires("d")),
		egg.Module("d", note("d")),
		note("app"),
	)
	if g := strings.Join(got, ","); g != "a,b.inner,b,d,c,app" {
		t.Errorf("invokes ran %s, want a,b.inner,b,d,c,app", g)
	}
}
