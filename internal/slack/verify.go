package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBody bounds what latch reads of a call from Slack.
const maxBody = 1 << 20

// signatureWindow is how far a request's timestamp may be from now. Older
// requests are refused so that a captured one cannot be replayed later.
const signatureWindow = 5 * time.Minute

var errSignature = errors.New("bad slack signature")

// readSigned reads r's body and checks Slack's v0 signature over it: an
// HMAC-SHA256, keyed with the signing secret, of "v0:TIMESTAMP:BODY".
//
// It also returns the call's key: the signature in one spelling, the same
// for every copy of the call, which the handlers record as seen so that a
// replay within the window changes nothing.
func (p *Plugin) readSigned(r *http.Request) (body []byte, key string, err error) {
	body, err = io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return nil, "", fmt.Errorf("%w: read body: %v", errSignature, err)
	}
	mac, err := verify(r.Header, body, p.sc.SigningSecret.Reveal(), p.now())
	if err != nil {
		return nil, "", err
	}
	return body, "v0=" + hex.EncodeToString(mac), nil
}

// readSignedForm is readSigned for the form-encoded calls (commands and
// clicks). It answers a refused or malformed call itself and then reports
// false.
func (p *Plugin) readSignedForm(w http.ResponseWriter, r *http.Request) (url.Values, string,
	bool) {
	body, key, err := p.readSigned(r)
	if err != nil {
		p.refuse(w, r, err)
		return nil, "", false
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return nil, "", false
	}
	return form, key, true
}

// verify checks the signature headers against body and returns the
// signature. Hex digits in either case pass, so the header itself is no
// key for the call: the returned signature is.
func verify(h http.Header, body []byte, secret string, now time.Time) ([]byte, error) {
	tsHeader := h.Get("X-Slack-Request-Timestamp")
	sigHeader := h.Get("X-Slack-Signature")
	if tsHeader == "" || sigHeader == "" {
		return nil, fmt.Errorf("%w: missing header", errSignature)
	}
	ts, err := strconv.ParseInt(tsHeader, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: timestamp %q", errSignature, tsHeader)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > signatureWindow || d < -signatureWindow {
		return nil, fmt.Errorf("%w: timestamp %s is outside the 5-minute window", errSignature,
			tsHeader)
	}
	got, err := hex.DecodeString(strings.TrimPrefix(sigHeader, "v0="))
	if err != nil || !strings.HasPrefix(sigHeader, "v0=") {
		return nil, fmt.Errorf("%w: malformed signature", errSignature)
	}
	want := sign(secret, tsHeader, body)
	if !hmac.Equal(got, want) {
		return nil, fmt.Errorf("%w: signature does not match", errSignature)
	}
	return want, nil
}

// sign computes the v0 signature of body sent at ts.
func sign(secret, ts string, body []byte) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	return mac.Sum(nil)
}

// Sign returns the X-Slack-Signature header value for body sent at ts, as
// Slack computes it; tests and benchmarks sign their calls with it.
func Sign(secret string, ts time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(ts.Unix(), 10)
	return timestamp, "v0=" + hex.EncodeToString(sign(secret, timestamp, body))
}

// refuse answers a call whose signature failed. The cause is logged, not
// told: a caller without the secret learns nothing from the answer.
func (p *Plugin) refuse(w http.ResponseWriter, r *http.Request, err error) {
	p.log.Warn("slack call refused", "path", r.URL.Path, "err", err)
	http.Error(w, "invalid signature", http.StatusUnauthorized)
}
