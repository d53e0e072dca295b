"""Rule sets: their files' schema, loading, compiling to durable_rules, evaluation, and the policy tools."""
