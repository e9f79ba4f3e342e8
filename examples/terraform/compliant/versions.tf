terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"

  # Every resource inherits the ownership tags; tags_all shows the result.
  default_tags {
    tags = {
      owner       = "team-orders"
      cost-center = "FIN-4410"
      environment = "prod"
      service     = "orders"
    }
  }
}
