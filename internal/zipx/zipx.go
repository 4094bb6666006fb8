// Package zipx writes zip archives (DOCX, XLSX) cheaply and reproducibly.
// A flate writer costs more to allocate than most document parts cost to
// compress, and a tender run writes hundreds of parts, so writers are pooled
// and compress at the fastest level: office files are small either way.
package zipx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"sort"
	"sync"
	"time"
)

// Epoch is the timestamp of every entry Deterministic writes: the earliest a
// zip can record, so that the same content always gives the same bytes.
var Epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// NewWriter returns a zip writer whose deflate writers come from a pool.
func NewWriter(w io.Writer) *zip.Writer {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, pooledDeflate)
	return zw
}

// Deterministic packs files into a zip archive with entries sorted by name,
// fixed timestamps and deflate compression.
func Deterministic(files map[string][]byte) ([]byte, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: Epoch})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(files[n]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
	return w
}}

func pooledDeflate(w io.Writer) (io.WriteCloser, error) {
	fw := deflaters.Get().(*flate.Writer)
	fw.Reset(w)
	return &pooled{fw}, nil
}

// pooled returns its writer to the pool when closed.
type pooled struct{ *flate.Writer }

func (p *pooled) Close() error {
	err := p.Writer.Close()
	deflaters.Put(p.Writer)
	return err
}

// Read unpacks a zip archive into its files by name.
func Read(data []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(zr.File))
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		files[f.Name] = body
	}
	return files, nil
}
