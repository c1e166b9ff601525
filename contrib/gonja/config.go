package gonja

// Config configures the Jinja engine. Env prefix GONJA_. Autoescaping is
// always on (egg-view-nunjucks' default): mark trusted HTML with the
// "safe" filter, or pass it as template.HTML.
type Config struct {
	// TrimBlocks removes the first newline after a block tag ({% ... %}),
	// as Jinja's trim_blocks and nunjucks' trimBlocks. Default false.
	// Env GONJA_TRIM_BLOCKS.
	TrimBlocks bool `env:"TRIM_BLOCKS"`
	// LstripBlocks strips spaces and tabs before a block tag on its line,
	// as Jinja's lstrip_blocks and nunjucks' lstripBlocks. Default false.
	// Env GONJA_LSTRIP_BLOCKS.
	LstripBlocks bool `env:"LSTRIP_BLOCKS"`
	// StrictUndefined makes a name the data does not have an error (a
	// 500) instead of an empty string, as Jinja's StrictUndefined and
	// nunjucks' throwOnUndefined. Default false. Env GONJA_STRICT_UNDEFINED.
	StrictUndefined bool `env:"STRICT_UNDEFINED"`
}

// DefaultConfig returns Jinja's defaults: no whitespace trimming, an
// undefined name renders as "".
func DefaultConfig() Config { return Config{} }
