// A sender built on fluent-logger-golang, the library dockerd's fluentd log driver uses
// (moby daemon/logger/fluentd): it posts the driver's record shape (container_id,
// container_name with its leading "/", source, log, and the partial_* fields of a line docker
// split) with PostWithTime, whole-second times (fluentd-sub-second-precision off) or
// EventTime (on), and RequestAck so every Post waits for the receiver's ack.
//
//	sender -port N -count N [-subsecond] [-ack]
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/fluent/fluent-logger-golang/fluent"
)

func main() {
	host := flag.String("host", "127.0.0.1", "receiver host")
	port := flag.Int("port", 0, "receiver port")
	count := flag.Int("count", 10, "records to send")
	subSecond := flag.Bool("subsecond", false, "EventTime instead of whole seconds")
	ack := flag.Bool("ack", true, "RequestAck")
	flag.Parse()

	logger, err := fluent.New(fluent.Config{
		FluentHost:         *host,
		FluentPort:         *port,
		SubSecondPrecision: *subSecond,
		RequestAck:         *ack,
		Timeout:            5 * time.Second,
		WriteTimeout:       5 * time.Second,
		MaxRetry:           3,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "connect:", err)
		os.Exit(1)
	}
	defer logger.Close()

	const containerID = "ce13c9c828f4b7a3d3c1e0f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f"
	base := time.Unix(1700000000, 123456789)
	for i := 0; i < *count; i++ {
		source := "stdout"
		if i%2 == 1 {
			source = "stderr"
		}
		record := map[string]string{
			"container_id":   containerID,
			"container_name": "/prometheus",
			"source":         source,
			"log":            "line " + strconv.Itoa(i),
		}
		if i == 0 {
			record["partial_message"] = "true"
			record["partial_id"] = "b2f7e0a1c3d4"
			record["partial_ordinal"] = "1"
			record["partial_last"] = "false"
		}
		if err := logger.PostWithTime(containerID[:12], base.Add(time.Duration(i)*time.Second), record); err != nil {
			fmt.Fprintln(os.Stderr, "post:", err)
			os.Exit(2)
		}
	}
	fmt.Println("sent", *count)
}
