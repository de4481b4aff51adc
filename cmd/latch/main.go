// Command latch is the just-in-time access server and its command line.
package main

import (
	"os"

	"github.com/latchhq/latch/internal/cli"
)

func main() {
	os.Exit(cli.Execute())
}
