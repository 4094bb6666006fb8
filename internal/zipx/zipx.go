// Package zipx writes zip archives (DOCX, XLSX) cheaply and reproducibly.
// A flate writer costs more to allocate than most document parts cost to
// compress, and a tender run writes hundreds of parts, so writers are pooled
// and compress at the fastest level: office files are small either way.
package zipx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"hash/maphash"
	"io"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"
)

// Epoch is the timestamp of every entry Deterministic writes: the earliest a
// zip can record, so that the same content always gives the same bytes.
var Epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Epoch as MS-DOS date and time fields, which CreateRaw writes as given:
// day 1 of month 1 of year 0 (1980), midnight.
const epochDate, epochTime = 1<<5 | 1, 0

// Deterministic packs files into a zip archive with entries sorted by name,
// fixed timestamps and deflate compression. Each part is compressed before
// its entry is written, so the local header carries the part's size and
// checksum and the bytes depend on the content alone; a part that recurs
// across documents (styles, themes, settings) is compressed once per
// process.
func Deterministic(files map[string][]byte) ([]byte, error) {
	names := make([]string, 0, len(files))
	size := 0
	for n, b := range files {
		names = append(names, n)
		size += len(b)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	buf.Grow(size/3 + 1024)
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		p, err := parts.compressed(files[n])
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: n, Method: zip.Deflate, ModifiedDate: epochDate, ModifiedTime: epochTime,
			CRC32: p.crc, CompressedSize64: uint64(len(p.data)), UncompressedSize64: uint64(len(files[n])),
		})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(p.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Stored packs files into a zip archive without compression, for an
// archive that is opened again at once, such as a workbook template.
func Stored(files map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range slices.Sorted(maps.Keys(files)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store, Modified: Epoch})
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

// part is a part's deflated bytes and the checksum of its content.
type part struct {
	data []byte
	crc  uint32
}

// partCache keeps the compressed form of parts seen more than once. A part
// is remembered by a hash of its content on first sight and compressed
// into the cache on the second, so that the parts unique to one document
// (its text, its sheets) never fill it; both maps are bounded, so a batch
// of thousands of documents holds no more than a few megabytes here.
type partCache struct {
	mu    sync.Mutex
	seed  maphash.Seed
	seen  map[uint64]bool
	kept  map[uint64][]keptPart
	bytes int
}

type keptPart struct {
	content []byte
	part
}

const (
	cacheMinPart  = 256     // smaller parts cost less to compress than to look up
	cacheMaxSeen  = 4096    // hashes remembered, forgotten together when full
	cacheMaxBytes = 4 << 20 // content and compressed bytes kept
)

var parts = &partCache{seed: maphash.MakeSeed(), seen: map[uint64]bool{}, kept: map[uint64][]keptPart{}}

func (c *partCache) compressed(content []byte) (part, error) {
	if len(content) < cacheMinPart {
		return deflatePart(content)
	}
	h := maphash.Bytes(c.seed, content)
	c.mu.Lock()
	for _, k := range c.kept[h] {
		// The content is compared, not only its hash: a collision must
		// never put one part's bytes in another's place.
		if bytes.Equal(k.content, content) {
			c.mu.Unlock()
			return k.part, nil
		}
	}
	again := c.seen[h]
	if !again {
		// A part that recurs does so within a few documents; forgetting
		// every hash at once when the set is full keeps a long batch's
		// memory flat.
		if len(c.seen) >= cacheMaxSeen {
			clear(c.seen)
		}
		c.seen[h] = true
	}
	c.mu.Unlock()
	p, err := deflatePart(content)
	if err != nil || !again {
		return p, err
	}
	c.mu.Lock()
	if c.bytes+len(content)+len(p.data) <= cacheMaxBytes {
		c.kept[h] = append(c.kept[h], keptPart{content: bytes.Clone(content), part: p})
		c.bytes += len(content) + len(p.data)
	}
	c.mu.Unlock()
	return p, nil
}

// deflatePart compresses one part with a pooled writer.
func deflatePart(content []byte) (part, error) {
	var out bytes.Buffer
	out.Grow(len(content)/2 + 64)
	fw := deflaters.Get()
	defer deflaters.Put(fw)
	fw.Reset(&out)
	if _, err := fw.Write(content); err != nil {
		return part{}, err
	}
	if err := fw.Close(); err != nil {
		return part{}, err
	}
	return part{data: out.Bytes(), crc: crc32.ChecksumIEEE(content)}, nil
}

// deflaters keeps flate writers between parts. A sync.Pool would drop
// them at every collection, and a new writer allocates and clears about a
// megabyte, which in a long batch cost more than the compression itself;
// this free list keeps as many as run at once, up to its capacity.
var deflaters = freeList{ch: make(chan *flate.Writer, 8)}

type freeList struct{ ch chan *flate.Writer }

func (l freeList) Get() *flate.Writer {
	select {
	case w := <-l.ch:
		return w
	default:
		w, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
		return w
	}
}

func (l freeList) Put(w *flate.Writer) {
	select {
	case l.ch <- w:
	default:
	}
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
