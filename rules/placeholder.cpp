// placeholder: the rule engine lands here
