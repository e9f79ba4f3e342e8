# A small root module whose resources break attribute-level policies, for
# `govern fix`. plan.json is what `terraform show -json` writes for its plan
# (Terraform 1.9, AWS provider 5.x).

terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      owner       = "team-platform"
      cost-center = "CC-4711"
      environment = "prod"
    }
  }
}

resource "aws_instance" "web" {
  ami           = "ami-0c38b837cd80f13bb"
  instance_type = "t3.micro"
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 20
  type              = "gp3"
}

resource "aws_kms_key" "app" {
  description             = "application data"
  deletion_window_in_days = 30
}

resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 20
  db_name                     = "orders"
  username                    = "orders"
  manage_master_user_password = true
  backup_retention_period     = 7
  final_snapshot_identifier   = "orders-final"
  storage_encrypted           = false
}

resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-fix-example-logs"
}
