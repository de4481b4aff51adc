module github.com/latchhq/latch

go 1.26.8
