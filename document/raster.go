package document

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// rasterDPI is the resolution of figures drawn as images: enough for
// print at the size they are placed.
const rasterDPI = 150.0

// PNG draws a figure as a PNG image at rasterDPI, for the formats that
// cannot hold the vector drawing (DOCX). The same figure gives the same
// bytes.
func PNG(f *Figure) ([]byte, error) {
	px := rasterDPI / 25.4 // pixels per millimetre
	w, h := int(math.Ceil(f.Width*px)), int(math.Ceil(f.Height*px))
	if w <= 0 || h <= 0 || w > 8000 || h > 8000 {
		return nil, fmt.Errorf("figure of %.0f × %.0f mm cannot be drawn", f.Width, f.Height)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	r := vector.NewRasterizer(1, 1)
	faceCache := map[faceKey]font.Face{}
	defer func() {
		for _, f := range faceCache {
			f.Close()
		}
	}()
	// A shape's outline is collected in pixels, then rasterized over its
	// bounding box only: clearing and accumulating the whole image for
	// every shape would cost seconds per figure.
	var path [][]Point
	paint := func(c RGB, opacity float64) {
		if len(path) == 0 {
			return
		}
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, poly := range path {
			for _, p := range poly {
				x0, y0, x1, y1 = min(x0, p.X), min(y0, p.Y), max(x1, p.X), max(y1, p.Y)
			}
		}
		box := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1))+1, int(math.Ceil(y1))+1).Intersect(img.Bounds())
		if !box.Empty() {
			r.Reset(box.Dx(), box.Dy())
			for _, poly := range path {
				r.MoveTo(float32(poly[0].X)-float32(box.Min.X), float32(poly[0].Y)-float32(box.Min.Y))
				for _, p := range poly[1:] {
					r.LineTo(float32(p.X)-float32(box.Min.X), float32(p.Y)-float32(box.Min.Y))
				}
				r.ClosePath()
			}
			a := uint8(255)
			if opacity > 0 && opacity < 1 {
				a = uint8(math.Round(opacity * 255))
			}
			r.Draw(img, box, image.NewUniform(color.NRGBA{c.R, c.G, c.B, a}), image.Point{})
		}
		path = path[:0]
	}
	fill := func(pts []Point) {
		poly := make([]Point, len(pts))
		for i, p := range pts {
			poly[i] = Point{p.X * px, p.Y * px}
		}
		path = append(path, poly)
	}
	// segment adds a line of the given width as a filled quadrilateral,
	// cut into dashes when dash is set.
	segment := func(a, b Point, width float64, dash []float64) {
		dx, dy := b.X-a.X, b.Y-a.Y
		length := math.Hypot(dx, dy)
		if length == 0 {
			return
		}
		ux, uy := dx/length, dy/length
		nx, ny := -uy*width/2, ux*width/2
		quad := func(t0, t1 float64) {
			p0 := Point{a.X + ux*t0, a.Y + uy*t0}
			p1 := Point{a.X + ux*t1, a.Y + uy*t1}
			fill([]Point{{p0.X + nx, p0.Y + ny}, {p1.X + nx, p1.Y + ny}, {p1.X - nx, p1.Y - ny}, {p0.X - nx, p0.Y - ny}})
		}
		if len(dash) == 0 {
			quad(0, length)
			return
		}
		t, k := 0.0, 0
		for t < length {
			d := max(dash[k%len(dash)], 0.1)
			if k%2 == 0 {
				quad(t, min(t+d, length))
			}
			t += d
			k++
		}
	}
	for _, s := range f.Shapes {
		width := max(s.LineWidth, 0.1)
		switch s.Kind {
		case RectShape:
			pts := []Point{{s.X, s.Y}, {s.X + s.W, s.Y}, {s.X + s.W, s.Y + s.H}, {s.X, s.Y + s.H}}
			if s.Fill != nil {
				fill(pts)
				paint(*s.Fill, s.Opacity)
			}
			if s.Stroke != nil {
				for i := range pts {
					segment(pts[i], pts[(i+1)%4], width, s.Dash)
				}
				paint(*s.Stroke, 0)
			}
		case LineShape:
			if len(s.Points) == 2 && s.Stroke != nil {
				segment(s.Points[0], s.Points[1], width, s.Dash)
				paint(*s.Stroke, 0)
			}
		case PolygonShape:
			if len(s.Points) < 3 {
				continue
			}
			if s.Fill != nil {
				fill(s.Points)
				paint(*s.Fill, s.Opacity)
			}
			if s.Stroke != nil {
				for i := range s.Points {
					segment(s.Points[i], s.Points[(i+1)%len(s.Points)], width, s.Dash)
				}
				paint(*s.Stroke, 0)
			}
		case TextShape:
			if err := drawText(img, s, px, faceCache); err != nil {
				return nil, err
			}
		}
	}
	return encodePNG(img)
}

// encodePNG writes an opaque RGB PNG with no row filters. image/png picks
// a filter for every row, which costs more than drawing the figure; charts
// of flat colours compress well without one.
func encodePNG(img *image.RGBA) ([]byte, error) {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(data)))
		buf.Write(n[:])
		crc := crc32.NewIEEE()
		crc.Write([]byte(kind))
		crc.Write(data)
		buf.WriteString(kind)
		buf.Write(data)
		binary.BigEndian.PutUint32(n[:], crc.Sum32())
		buf.Write(n[:])
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, truecolour
	chunk("IHDR", ihdr)
	var idat bytes.Buffer
	zw, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	row := make([]byte, 1+3*w) // filter type 0, then RGB
	for y := range h {
		px := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for x := range w {
			copy(row[1+3*x:4+3*x], px[4*x:4*x+3])
		}
		if _, err := zw.Write(row); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return buf.Bytes(), nil
}

type faceKey struct {
	size float64
	bold bool
}

func drawText(img *image.RGBA, s Shape, px float64, cache map[faceKey]font.Face) error {
	face, ok := cache[faceKey{s.Size, s.Bold}]
	if !ok {
		var err error
		face, err = opentype.NewFace(faces()[[2]bool{s.Bold, false}], &opentype.FaceOptions{
			Size: s.Size, DPI: rasterDPI, Hinting: font.HintingNone,
		})
		if err != nil {
			return fmt.Errorf("figure text: %w", err)
		}
		cache[faceKey{s.Size, s.Bold}] = face
	}
	c := pdfInk
	if s.Fill != nil {
		c = *s.Fill
	}
	x := s.X * px
	switch s.Anchor {
	case AnchorMiddle:
		x -= TextWidth(s.Text, s.Size, s.Bold) * px / 2
	case AnchorEnd:
		x -= TextWidth(s.Text, s.Size, s.Bold) * px
	}
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.NRGBA{c.R, c.G, c.B, 255}), Face: face,
		Dot: fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(s.Y * px * 64))}}
	d.DrawString(s.Text)
	return nil
}
