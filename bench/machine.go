package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// machine is what the figures were measured on.
type machine struct {
	cpu    string
	cores  int
	memory string
	goVer  string
	os     string
	// load is the 1, 5 and 15 minute load averages at the start: other
	// work on the machine takes cores from the run.
	load string
}

func describeMachine() machine {
	return machine{
		cpu:    orUnknown(procField("/proc/cpuinfo", "model name")),
		cores:  runtime.NumCPU(),
		memory: memTotal(),
		goVer:  runtime.Version(),
		os:     osName(),
		load:   loadAverage(),
	}
}

// loadAverage reads the three load averages from /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if err != nil || len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// procField returns the value of the first "key : value" line of file with
// this key, or "" when there is none.
func procField(file, key string) string {
	f, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// memTotal is the machine's memory in GiB, from /proc/meminfo.
func memTotal() string {
	fields := strings.Fields(procField("/proc/meminfo", "MemTotal"))
	if len(fields) != 2 || fields[1] != "kB" {
		return "unknown"
	}
	kb, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.1f GiB", kb/(1<<20))
}

// osName is the distribution's name, the kernel release and the
// architecture, as far as they can be read.
func osName() string {
	name := runtime.GOOS
	if raw, err := os.ReadFile("/etc/os-release"); err == nil {
		for line := range strings.SplitSeq(string(raw), "\n") {
			if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
				name = strings.Trim(v, `"`)
			}
		}
	}
	if rel, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		name += ", kernel " + strings.TrimSpace(string(rel))
	}
	return name + ", " + runtime.GOARCH
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
