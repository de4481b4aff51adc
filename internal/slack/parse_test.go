package slack

import (
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/lifecycle"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	body := []byte("payload=%7B%7D")
	ts, sig := Sign("secret", now, body)
	tests := []struct {
		name    string
		ts, sig string
		body    []byte
		now     time.Time
		ok      bool
	}{
		{"good", ts, sig, body, now, true},
		{"good, clock 4m ahead", ts, sig, body, now.Add(4 * time.Minute), true},
		{"wrong secret", ts, "v0=" + "00" + sig[5:], body, now, false},
		{"changed body", ts, sig, []byte("payload=%7B%7D&x"), now, false},
		{"too old", ts, sig, body, now.Add(5*time.Minute + time.Second), false},
		{"from the future", ts, sig, body, now.Add(-6 * time.Minute), false},
		{"no timestamp", "", sig, body, now, false},
		{"no signature", ts, "", body, now, false},
		{"other version", ts, "v1=" + sig[3:], body, now, false},
		{"not hex", ts, "v0=zz", body, now, false},
		{"timestamp not a number", "17e8", sig, body, now, false},
	}
	for _, tt := range tests {
		h := http.Header{}
		h.Set("X-Slack-Request-Timestamp", tt.ts)
		h.Set("X-Slack-Signature", tt.sig)
		_, err := verify(h, tt.body, "secret", tt.now)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, errSignature)) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestParseRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text    string
		want    lifecycle.CreateInput
		problem bool
	}{
		{`prod-db/ro --reason look at INC-1 --duration 2h`,
			lifecycle.CreateInput{Resource: "prod-db/ro", Reason: "look at INC-1", Duration: "2h"},
			false},
		{`prod-db/ro --duration 1d --reason "quoted  text"`,
			lifecycle.CreateInput{Resource: "prod-db/ro", Reason: "quoted  text", Duration: "1d"},
			false},
		{`prod-db/ro`, lifecycle.CreateInput{Resource: "prod-db/ro"}, false},
		{`--reason x`, lifecycle.CreateInput{}, true},
		{`a b --reason x`, lifecycle.CreateInput{}, true},
		{`a --duration`, lifecycle.CreateInput{}, true},
		{`a --reason "open`, lifecycle.CreateInput{}, true},
		{`a --sudo`, lifecycle.CreateInput{}, true},
	}
	for _, tt := range tests {
		args, problem := splitArgs(tt.text)
		var got lifecycle.CreateInput
		if problem == "" {
			got, problem = parseRequest(args)
		}
		if (problem != "") != tt.problem || (!tt.problem && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("%q: %+v, problem %q", tt.text, got, problem)
		}
	}
}

func TestExpiryOptions(t *testing.T) {
	t.Parallel()
	m, h, d := time.Minute, time.Hour, 24*time.Hour
	tests := []struct {
		presets     []time.Duration
		limit, wish time.Duration
		want        []time.Duration
		pick        time.Duration
	}{
		{[]time.Duration{5 * m, h, d}, d, 0, []time.Duration{5 * m, h, d}, h},
		{[]time.Duration{5 * m, h, d}, d, 2 * h, []time.Duration{5 * m, h, 2 * h, d}, 2 * h},
		{[]time.Duration{5 * m, h, d}, h, 2 * h, []time.Duration{5 * m, h}, h},
		{[]time.Duration{d, 5 * m}, d, 0, []time.Duration{5 * m, d}, 5 * m},
	}
	for _, tt := range tests {
		got := expiryOptions(tt.presets, tt.limit, tt.wish)
		if !reflect.DeepEqual(got, tt.want) || preselected(got, tt.wish) != tt.pick {
			t.Errorf("%v up to %v, wish %v: %v picking %v", tt.presets, tt.limit, tt.wish, got,
				preselected(got, tt.wish))
		}
	}
}

func TestEscape(t *testing.T) {
	t.Parallel()
	if got := escape("<!channel> & <@U1|x>"); got != "&lt;!channel&gt; &amp; &lt;@U1|x&gt;" {
		t.Errorf("escape: %q", got)
	}
}
