// Look up MongoDB Atlas Flex cluster backup snapshots and gate deployments on them.
package atlasflex
