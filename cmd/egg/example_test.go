package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// egg init --template api writes an app in Egg's layout, as Go packages.
func Example_init() {
	tmp, err := os.MkdirTemp("", "egg-init-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "blog")

	if code := run([]string{"init", "--template", "api", "--module", "example.com/blog", dir}, io.Discard, os.Stderr); code != 0 {
		fmt.Println("exit", code)
		return
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			fmt.Println(filepath.ToSlash(rel))
		}
		return err
	})
	// Output:
	// .dockerignore
	// .gitignore
	// Dockerfile
	// Makefile
	// README.md
	// app/app.go
	// app/boot.go
	// app/controller/posts.go
	// app/middleware/robot.go
	// app/middleware/robot_test.go
	// app/router.go
	// app/service/posts.go
	// app/service/posts_test.go
	// app/service/store.go
	// config/config.go
	// go.mod
	// main.go
	// main_test.go
	// routes_test.go
}
