package staff

import "acctl/tui/common"

// OpenThread opens request id's thread, for the external benchmarks.
func OpenThread(id int64) func(env *common.Env) common.Screen {
	return func(env *common.Env) common.Screen { return newThread(env, id) }
}

// HalfBlocks draws a thumbnail as the preview does, for the benchmarks.
var HalfBlocks = halfBlocks
